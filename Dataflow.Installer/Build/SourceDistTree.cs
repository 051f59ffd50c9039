using System.Buffers;
using Dataflow.Installer.Unzip;

namespace Dataflow.Installer.Build;

/// <summary>
/// The folder a source distribution is being unpacked into: checks every member's path, kind and size
/// before it touches the disk, whatever the archive format.
/// </summary>
/// <remarks>
/// No member is ever written through a symbolic link: a member whose parent is a link (or a file) is refused,
/// and links are only created by <see cref="Finish"/>, once every other member is on disk and every link's
/// target has been resolved, link by link, inside the folder.
/// </remarks>
internal sealed class SourceDistTree(string root, string archiveName, long maxUnpackedBytes)
{
    private const int BufferSize = 64 * 1024;

    // Linux gives up after 40 links in one path (ELOOP); a longer chain is a loop or an attack.
    private const int MaxLinkHops = 40;

    private const UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Plain = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private enum Kind
    {
        Folder,
        File,
        Link,
    }

    /// <summary>Every path in the tree (explicit members and the folders they imply), without a trailing '/'.</summary>
    private readonly Dictionary<string, Kind> _kinds = new(StringComparer.Ordinal);

    /// <summary>The members named in the archive, to refuse one named twice.</summary>
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);

    /// <summary>Symbolic links in archive order, created last.</summary>
    private readonly List<(string Name, string Target)> _links = [];

    private long _unpackedBytes;

    /// <summary>The single top-level folder every member lives in (an sdist's <c>name-1.0/</c>), or null when there is none.</summary>
    public string? ProjectFolder
    {
        get
        {
            var topLevel = _kinds.Where(pair => !pair.Key.Contains('/')).Take(2).ToList();
            return topLevel is [(var name, Kind.Folder)] ? name : null;
        }
    }

    public bool IsEmpty => _kinds.Count == 0;

    public void AddFolder(string member)
    {
        if (Claim(member, Kind.Folder) is { } path)
        {
            Directory.CreateDirectory(Path.Combine(root, path));
        }
    }

    /// <summary>Writes a regular file, 0755 when any execute bit is set (as pip does), else 0644; the size counts towards the limit.</summary>
    public void AddFile(string member, Stream? content, bool executable, CancellationToken cancellationToken)
    {
        if (Claim(member, Kind.File) is not { } path)
        {
            return;
        }
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = executable ? Executable : Plain;
        }
        using var file = new FileStream(Path.Combine(root, path), options);
        if (content is null)
        {
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Count(member, read);
                file.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Records a symbolic link; its target is resolved against the link's own folder and checked in <see cref="Finish"/>.</summary>
    public void AddSymbolicLink(string member, string target)
    {
        if (target.Length == 0 || target.Contains('\0'))
        {
            Refuse(member, "a symbolic link with an empty or malformed target");
        }
        if (target.StartsWith('/') || (target.Length >= 2 && target[1] == ':' && char.IsAsciiLetter(target[0])))
        {
            Refuse(member, $"a symbolic link to '{target}', an absolute path outside the extraction folder");
        }
        if (Claim(member, Kind.Link) is { } path)
        {
            _links.Add((path, target));
        }
    }

    /// <summary>A tar hard link names an earlier regular member by its path from the archive's root; it is unpacked as a copy.</summary>
    public void AddHardLink(string member, string target, CancellationToken cancellationToken)
    {
        var targetPath = StripCurrentFolder(target);
        if (targetPath.Length == 0 || ArchiveMemberPath.Problem(targetPath) is not null)
        {
            Refuse(member, $"a hard link to '{target}', outside the extraction folder");
        }
        targetPath = targetPath.TrimEnd('/');
        if (!_kinds.TryGetValue(targetPath, out var kind) || kind != Kind.File)
        {
            Refuse(member, $"a hard link to '{target}', which is not a regular file earlier in the archive");
        }
        var source = Path.Combine(root, targetPath);
        var executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(source) & UnixFileMode.UserExecute) != 0;
        using var content = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        AddFile(member, content, executable, cancellationToken);
    }

    /// <summary>Throws the refusal of <paramref name="member"/>, naming the archive and the member.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void Refuse(string member, string reason) =>
        throw new SourceDistException($"{archiveName}: member '{member}' is refused: {reason}");

    /// <summary>Creates the symbolic links, each only once its target is known to resolve inside the folder.</summary>
    public void Finish(CancellationToken cancellationToken)
    {
        var targets = _links.ToDictionary(link => link.Name, link => link.Target, StringComparer.Ordinal);
        foreach (var (name, target) in _links)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!ResolvesInside(name, targets))
            {
                Refuse(name, $"a symbolic link to '{target}', which leaves the extraction folder");
            }
        }
        foreach (var (name, target) in _links)
        {
            File.CreateSymbolicLink(Path.Combine(root, name), target);
        }
    }

    /// <summary>
    /// Claims <paramref name="member"/>'s path: checks it, refuses duplicates and members below a file or link, and
    /// creates the folders it implies. Null for a member that is only the archive's own "./" folder.
    /// </summary>
    private string? Claim(string member, Kind kind)
    {
        var stripped = StripCurrentFolder(member);
        if (stripped.Length == 0 && member.Length > 0)
        {
            return null;
        }
        if (ArchiveMemberPath.Problem(stripped) is { } problem)
        {
            Refuse(member, problem);
        }
        var path = stripped.TrimEnd('/');
        if (!_members.Add(path))
        {
            Refuse(member, "it appears twice in the archive");
        }

        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            var folder = path[..slash];
            if (!_kinds.TryAdd(folder, Kind.Folder) && _kinds[folder] != Kind.Folder)
            {
                Refuse(member, $"it lies inside '{folder}', which is not a folder");
            }
        }
        if (_kinds.TryGetValue(path, out var existing) && !(existing == Kind.Folder && kind == Kind.Folder))
        {
            Refuse(member, "it is a folder's name and a file's name at once");
        }
        _kinds[path] = kind;
        if (path.LastIndexOf('/') is var last and > 0)
        {
            Directory.CreateDirectory(Path.Combine(root, path[..last]));
        }
        return path;
    }

    private void Count(string member, long bytes)
    {
        _unpackedBytes += bytes;
        if (_unpackedBytes > maxUnpackedBytes)
        {
            Refuse(member, $"the archive unpacks to more than the limit of {maxUnpackedBytes} bytes");
        }
    }

    /// <summary>Tar archives made with <c>tar -C dir .</c> name their members <c>./name-1.0/...</c>; that prefix means nothing.</summary>
    private static string StripCurrentFolder(string name)
    {
        while (name.StartsWith("./", StringComparison.Ordinal))
        {
            name = name[2..].TrimStart('/');
        }
        return name == "." ? "" : name;
    }

    /// <summary>
    /// Resolves a link's target as the kernel would once every link exists: segment by segment from the link's
    /// folder, following the archive's other links, so that <c>a -> .</c> plus <c>b -> a/..</c> is caught.
    /// </summary>
    private static bool ResolvesInside(string link, Dictionary<string, string> targets)
    {
        var resolved = link.Split('/').SkipLast(1).ToList();
        var pending = new Stack<string>();
        PushSegments(pending, targets[link]);
        var hops = 0;
        while (pending.TryPop(out var segment))
        {
            if (segment is "" or ".")
            {
                continue;
            }
            if (segment == "..")
            {
                if (resolved.Count == 0)
                {
                    return false;
                }
                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            resolved.Add(segment);
            if (targets.TryGetValue(string.Join('/', resolved), out var next))
            {
                if (++hops > MaxLinkHops || next.StartsWith('/'))
                {
                    return false;
                }
                resolved.RemoveAt(resolved.Count - 1);
                PushSegments(pending, next);
            }
        }
        return true;

        static void PushSegments(Stack<string> pending, string target)
        {
            var segments = target.Split('/');
            for (var i = segments.Length - 1; i >= 0; i--)
            {
                pending.Push(segments[i]);
            }
        }
    }
}
