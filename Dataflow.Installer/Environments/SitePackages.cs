using System.Buffers;
using System.IO.Enumeration;
using System.Text;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Environments;

/// <summary>Lists the distributions installed in an environment from its site-packages folder names.</summary>
public static class SitePackages
{
    private const string DistInfoSuffix = ".dist-info";
    private const string EggInfoSuffix = ".egg-info";
    private const string EggLinkSuffix = ".egg-link";

    /// <summary>
    /// Scans purelib and platlib (once when they are the same folder) for <c>*.dist-info</c> and <c>*.egg-info</c>, and
    /// for the <c>*.egg-link</c> files of legacy develop installs. Only the directory is listed: METADATA is read only for
    /// a name the folder name cannot split (and an egg-link's project for its <c>.egg-info</c>).
    /// </summary>
    public static IReadOnlyList<InstalledDistribution> ReadInstalled(string purelib, string platlib)
    {
        var found = new List<InstalledDistribution>();
        var roots = new List<string> { Path.GetFullPath(purelib) };
        var platlibFull = Path.GetFullPath(platlib);
        // A venv of a Python built with platlibdir=lib64 (Fedora's) has platlib under lib64, a link to lib: one folder.
        if (!string.Equals(roots[0].TrimEnd('/'), platlibFull.TrimEnd('/'), StringComparison.Ordinal)
            && !string.Equals(RealPath.Of(roots[0]).TrimEnd('/'), RealPath.Of(platlibFull).TrimEnd('/'), StringComparison.Ordinal))
        {
            roots.Add(platlibFull);
        }
        foreach (var root in roots)
        {
            if (!Directory.Exists(root))
            {
                continue;
            }
            // Only the metadata folders become strings: site-packages also holds every package's own folders and modules.
            var entries = new FileSystemEnumerable<(string Path, bool IsDirectory)>(
                root,
                (ref FileSystemEntry entry) => (entry.ToFullPath(), entry.IsDirectory),
                new EnumerationOptions { AttributesToSkip = 0 })
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) =>
                    (entry.IsDirectory && entry.FileName.EndsWith(DistInfoSuffix, StringComparison.OrdinalIgnoreCase))
                    || entry.FileName.EndsWith(EggInfoSuffix, StringComparison.OrdinalIgnoreCase)
                    || (!entry.IsDirectory && entry.FileName.EndsWith(EggLinkSuffix, StringComparison.OrdinalIgnoreCase)),
            };
            foreach (var (path, isDirectory) in entries)
            {
                var dist = isDirectory && path.EndsWith(DistInfoSuffix, StringComparison.OrdinalIgnoreCase) ? ReadDistInfo(path)
                    : path.EndsWith(EggLinkSuffix, StringComparison.OrdinalIgnoreCase) ? ReadEggLink(path)
                    : ReadEggInfo(path, isDirectory);
                if (dist is not null)
                {
                    found.Add(dist);
                }
            }
        }
        return found;
    }

    /// <summary>Name and version of one .dist-info folder, from its name or (when ambiguous) its METADATA.</summary>
    public static InstalledDistribution? ReadDistInfo(string distInfoPath)
    {
        var stem = Path.GetFileName(distInfoPath.TrimEnd('/'))[..^DistInfoSuffix.Length];
        // PEP 427 escaping leaves exactly one '-' between name and version; older tools did not escape.
        var dash = stem.IndexOf('-');
        if (dash > 0 && dash == stem.LastIndexOf('-') && dash < stem.Length - 1)
        {
            return new InstalledDistribution(stem[..dash], stem[(dash + 1)..], distInfoPath);
        }
        var headers = ReadNameAndVersion(Path.Combine(distInfoPath, "METADATA"));
        return headers is { } h ? new InstalledDistribution(h.Name, h.Version, distInfoPath) : null;
    }

    private static InstalledDistribution? ReadEggInfo(string path, bool isDirectory)
    {
        // setuptools names them "{name}-{version}-py3.X.egg-info", or "{name}.egg-info" for develop installs.
        var parts = Path.GetFileName(path)[..^EggInfoSuffix.Length].Split('-');
        if (parts.Length >= 2 && parts[0].Length > 0 && parts[1].Length > 0)
        {
            return new InstalledDistribution(parts[0], parts[1], path, IsEggInfo: true);
        }
        var metadata = isDirectory ? Path.Combine(path, "PKG-INFO") : path;
        var headers = ReadNameAndVersion(metadata);
        return headers is { } h ? new InstalledDistribution(h.Name, h.Version, path, IsEggInfo: true) : null;
    }

    /// <summary>
    /// The develop install an <c>.egg-link</c> stands for: its first non-empty line is the folder put on <c>sys.path</c> (by a line
    /// of <c>easy-install.pth</c>), which holds the project's <c>.egg-info</c>. Null when that folder or its metadata is
    /// gone: Python no longer sees such a project, and neither does pip.
    /// </summary>
    public static InstalledDistribution? ReadEggLink(string eggLinkPath)
    {
        if (EggLinkTarget(eggLinkPath) is not { } location)
        {
            return null;
        }
        // setuptools names the link after the project's safe name and the metadata folder after its file name
        // ("Demo.Pkg.egg-link", "Demo.Pkg.egg-info"; "my-pkg.egg-link", "my_pkg.egg-info"): both normalise alike.
        var linked = PackageName.NormalizeAny(Path.GetFileName(eggLinkPath)[..^EggLinkSuffix.Length]);
        foreach (var eggInfo in Directory.EnumerateDirectories(location, "*" + EggInfoSuffix))
        {
            var stem = Path.GetFileName(eggInfo)[..^EggInfoSuffix.Length];
            if (PackageName.NormalizeAny(stem.Split('-')[0]) != linked)
            {
                continue;
            }
            var headers = ReadNameAndVersion(Path.Combine(eggInfo, "PKG-INFO"));
            return headers is { } h ? new InstalledDistribution(h.Name, h.Version, eggInfo, IsEggInfo: true, EggLink: eggLinkPath) : null;
        }
        return null;
    }

    /// <summary>
    /// The folder an <c>.egg-link</c> names, as setuptools and pip read it: the first non-empty line, relative to the
    /// link's own folder. Null when unreadable or not an existing folder.
    /// </summary>
    public static string? EggLinkTarget(string eggLinkPath)
    {
        string? line;
        try
        {
            line = File.ReadLines(eggLinkPath).Select(text => text.Trim()).FirstOrDefault(text => text.Length > 0);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (line is null)
        {
            return null;
        }
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(line, Path.GetDirectoryName(Path.GetFullPath(eggLinkPath))!));
        return Directory.Exists(folder) ? folder : null;
    }

    /// <summary>Reads <c>Name</c> and <c>Version</c> from a core metadata file's header block; null when absent.</summary>
    public static (string Name, string Version)? ReadNameAndVersion(string metadataPath)
    {
        if (!File.Exists(metadataPath))
        {
            return null;
        }
        // Both are among the first lines by convention: the head is read into a pooled buffer, and only a header block
        // that runs past it without them is read again line by line.
        var head = SmallFile.RentHead(metadataPath, HeadBytes, out var length, out var whole);
        try
        {
            if (TryReadNameAndVersion(head.AsSpan(0, length), whole, out var found))
            {
                return found;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
        return ReadNameAndVersionByLine(metadataPath);
    }

    private const int HeadBytes = 4096;

    // Lines end as StreamReader.ReadLine ends them (LF, CR or CRLF), so both readings agree. False when the head
    // ends inside the header block before both were found and the file goes on.
    private static bool TryReadNameAndVersion(ReadOnlySpan<byte> head, bool whole, out (string Name, string Version)? found)
    {
        found = null;
        string? name = null;
        string? version = null;
        head = SmallFile.WithoutPreamble(head);
        var done = false;
        while (!head.IsEmpty)
        {
            var end = head.IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0 && !whole)
            {
                return false;
            }
            var line = end < 0 ? head : head[..end];
            if (line.IsEmpty)
            {
                done = true;
                break;
            }
            if (name is null && StartsWithKey(line, "name:"u8))
            {
                name = Encoding.UTF8.GetString(line[5..]).Trim();
            }
            else if (version is null && StartsWithKey(line, "version:"u8))
            {
                version = Encoding.UTF8.GetString(line[8..]).Trim();
            }
            if (name is not null && version is not null)
            {
                done = true;
                break;
            }
            if (end < 0)
            {
                head = default;
            }
            else
            {
                head = head[(end + (head[end] == (byte)'\r' && end + 1 < head.Length && head[end + 1] == (byte)'\n' ? 2 : 1))..];
            }
        }
        if (!done && !whole)
        {
            // The head ended on a line break inside the header block (or between a CR and its LF): it may go on past it.
            return false;
        }
        found = name is not null && version is not null ? (name, version) : null;
        return true;
    }

    private static bool StartsWithKey(ReadOnlySpan<byte> line, ReadOnlySpan<byte> lowerKey) =>
        line.Length >= lowerKey.Length && System.Text.Ascii.EqualsIgnoreCase(line[..lowerKey.Length], lowerKey);

    private static (string Name, string Version)? ReadNameAndVersionByLine(string metadataPath)
    {
        string? name = null;
        string? version = null;
        using var reader = new StreamReader(metadataPath, Encoding.UTF8);
        while (reader.ReadLine() is { } line && line.Length > 0)
        {
            if (line.StartsWith("Name:", StringComparison.OrdinalIgnoreCase))
            {
                name ??= line[5..].Trim();
            }
            else if (line.StartsWith("Version:", StringComparison.OrdinalIgnoreCase))
            {
                version ??= line[8..].Trim();
            }
            if (name is not null && version is not null)
            {
                break;
            }
        }
        return name is not null && version is not null ? (name, version) : null;
    }
}
