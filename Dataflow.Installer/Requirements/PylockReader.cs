using Dataflow.Installer.Standards;
using Tomlyn;
using Tomlyn.Model;

namespace Dataflow.Installer.Requirements;

/// <summary>
/// Reads a <c>pylock.toml</c> (PEP 751, lock-version 1.x) into what an install needs, checking its shape as it goes:
/// every error names the file and the package (by position and name) at fault.
/// </summary>
internal static class PylockReader
{
    /// <exception cref="RequirementsFileException">The file cannot be read, is not TOML, or is not a lock file dfi can install from.</exception>
    public static PylockFile Read(string path, string currentDirectory)
    {
        var full = Path.GetFullPath(path, currentDirectory);
        var at = new SourceLocation(path, 0);
        string text;
        try
        {
            text = System.IO.File.ReadAllText(full);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RequirementsFileException(at, $"could not open lock file: {(exception is FileNotFoundException or DirectoryNotFoundException ? "no such file" : exception.Message)}", exception);
        }
        TomlTable document;
        try
        {
            document = TomlSerializer.Deserialize<TomlTable>(text, PylockTomlContext.Default) ?? new TomlTable();
        }
        catch (TomlException exception)
        {
            throw new RequirementsFileException(at, $"is not valid TOML: {exception.Message}", exception);
        }

        var version = Text(document, "lock-version", at.ToString()) ?? throw new RequirementsFileException(at, "has no lock-version, which PEP 751 requires");
        if (version.Split('.')[0] != "1")
        {
            throw new RequirementsFileException(at, $"has lock-version '{version}'; dfi reads lock files of version 1.x");
        }
        var folder = Path.GetDirectoryName(full)!;
        if (!document.ContainsKey("packages"))
        {
            // Required by PEP 751; a misspelt key must not read as an empty set, which would empty the environment.
            throw new RequirementsFileException(at, "has no packages array, which PEP 751 requires (an empty set is written packages = [])");
        }
        var packages = new List<PylockPackage>();
        var position = 0;
        foreach (var table in Tables(document, "packages", at.ToString()))
        {
            packages.Add(Package(table, ++position, path, folder));
        }
        return new PylockFile(
            path,
            Text(document, "requires-python", at.ToString()),
            Texts(document, "environments", at.ToString()),
            Texts(document, "default-groups", at.ToString()),
            packages)
        {
            Extras = Texts(document, "extras", at.ToString()),
            DependencyGroups = Texts(document, "dependency-groups", at.ToString()),
        };
    }

    private static PylockPackage Package(TomlTable table, int position, string path, string folder)
    {
        var where = $"{path}: packages[{position}]";
        var nameText = Text(table, "name", where) ?? throw new RequirementsFileException(new SourceLocation(path, 0), $"packages[{position}] has no name");
        if (!PackageName.TryParse(nameText, out _))
        {
            throw new RequirementsFileException(new SourceLocation(path, 0), $"packages[{position}]: '{nameText}' is not a valid project name");
        }
        where = $"{where} ('{nameText}')";
        var wheels = table.TryGetValue("wheels", out _) ? Tables(table, "wheels", where).Select(wheel => ArchiveOf(wheel, $"{where} wheels", folder)).ToList() : [];
        var sdist = Table(table, "sdist", where) is { } sdistTable ? ArchiveOf(sdistTable, $"{where} sdist", folder) : null;
        PylockArchive? archive = null;
        if (Table(table, "archive", where) is { } archiveTable)
        {
            if (Text(archiveTable, "subdirectory", where) is not null)
            {
                throw Error(where, "an archive with a subdirectory is not supported by dfi");
            }
            archive = ArchiveOf(archiveTable, $"{where} archive", folder);
        }
        PylockDirectory? directory = null;
        if (Table(table, "directory", where) is { } directoryTable)
        {
            var relative = Text(directoryTable, "path", where) ?? throw Error(where, "directory has no path");
            var project = Path.GetFullPath(Path.Combine(relative, Text(directoryTable, "subdirectory", where) ?? "."), folder);
            directory = new PylockDirectory(Path.TrimEndingDirectorySeparator(project), directoryTable.TryGetValue("editable", out var editable) && editable is true);
        }
        VcsReference? vcs = null;
        if (Table(table, "vcs", where) is { } vcsTable)
        {
            var type = Text(vcsTable, "type", where);
            if (type != "git")
            {
                throw Error(where, $"vcs type '{type}' is not supported: dfi installs git repositories only");
            }
            var commit = Text(vcsTable, "commit-id", where) ?? throw Error(where, "vcs has no commit-id, which PEP 751 requires");
            var repository = Text(vcsTable, "url", where)
                ?? (Text(vcsTable, "path", where) is { } local ? new Uri(Path.GetFullPath(local, folder)).AbsoluteUri : throw Error(where, "vcs has neither url nor path"));
            try
            {
                var parsed = VcsReference.Parse($"git+{repository}@{commit}");
                vcs = parsed with { Subdirectory = Text(vcsTable, "subdirectory", where) };
            }
            catch (FormatException exception)
            {
                throw Error(where, exception.Message);
            }
        }
        var kinds = new object?[] { vcs, directory, archive, wheels.Count > 0 || sdist is not null ? wheels : null }.Count(kind => kind is not null);
        if (kinds != 1)
        {
            throw Error(where, kinds == 0
                ? "names no file: it needs wheels, an sdist, an archive, a directory or a vcs"
                : "names files of more than one kind (vcs, directory, archive, sdist and wheels exclude one another)");
        }
        var version = Text(table, "version", where);
        if (version is not null && !PackageVersion.TryParse(version, out _))
        {
            throw Error(where, $"version '{version}' is not a PEP 440 version");
        }
        return new PylockPackage(position, nameText, version, Text(table, "marker", where), Text(table, "requires-python", where),
            Text(table, "index", where), wheels, sdist, archive, directory, vcs);
    }

    private static PylockArchive ArchiveOf(TomlTable table, string where, string folder)
    {
        var url = Text(table, "url", where);
        var path = Text(table, "path", where);
        Uri location;
        if (path is not null)
        {
            // PEP 751's order: a path, when the lock gives one, before the URL.
            location = new Uri(Path.GetFullPath(path, folder));
        }
        else
        {
            location = url is null ? throw Error(where, "has neither url nor path")
                : Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute
                : throw Error(where, $"url '{Index.UrlRedactor.Redact(url)}' is not an absolute URL");
        }
        var hashes = Table(table, "hashes", where) ?? throw Error(where, "has no hashes, which PEP 751 requires");
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (algorithm, value) in hashes)
        {
            digests[algorithm.ToLowerInvariant()] = value is string hex ? hex.ToLowerInvariant() : throw Error(where, $"hash '{algorithm}' is not a string");
        }
        if (digests.Count == 0)
        {
            throw Error(where, "has an empty hashes table; PEP 751 requires at least one hash");
        }
        if (!digests.Keys.Any(algorithm => algorithm is "sha256" or "sha384" or "sha512"))
        {
            // A file is never installed unchecked: a lock whose only hashes dfi cannot compute is refused, not trusted.
            throw Error(where, $"has only {string.Join(", ", digests.Keys)} hashes; dfi checks sha256, sha384 and sha512");
        }
        var fileName = Text(table, "name", where) ?? Uri.UnescapeDataString(location.Segments.LastOrDefault() ?? "");
        long? size = table.TryGetValue("size", out var sizeValue) ? sizeValue as long? ?? throw Error(where, "size is not an integer") : null;
        return new PylockArchive(fileName, location, digests, size);
    }

    private static string? Text(TomlTable table, string key, string where) =>
        !table.TryGetValue(key, out var value) ? null : value as string ?? throw Error(where, $"'{key}' must be a string");

    private static IReadOnlyList<string> Texts(TomlTable table, string key, string where) =>
        !table.TryGetValue(key, out var value) ? []
        : value is TomlArray array && array.All(item => item is string) ? [.. array.Cast<string>()]
        : throw Error(where, $"'{key}' must be an array of strings");

    private static TomlTable? Table(TomlTable table, string key, string where) =>
        !table.TryGetValue(key, out var value) ? null : value as TomlTable ?? throw Error(where, $"'{key}' must be a table");

    // An array of tables is written either as [[key]] sections or as an array of inline tables.
    private static IEnumerable<TomlTable> Tables(TomlTable table, string key, string where) =>
        !table.TryGetValue(key, out var value) ? []
        : value is TomlTableArray tables ? tables
        : value is TomlArray array && array.All(item => item is TomlTable) ? array.Cast<TomlTable>()
        : throw Error(where, $"'{key}' must be an array of tables");

    private static RequirementsFileException Error(string where, string problem)
    {
        // "FILE: packages[N] ('name')": the file is the location, the rest says where in it.
        var colon = where.LastIndexOf(": packages[", StringComparison.Ordinal);
        return colon < 0
            ? new RequirementsFileException(new SourceLocation(where, 0), problem)
            : new RequirementsFileException(new SourceLocation(where[..colon], 0), where[(colon + 2)..] + ": " + problem);
    }
}
