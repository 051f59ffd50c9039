using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Dataflow.Installer.Tests.Install;

/// <summary>Writes a small, correct wheel (WHEEL, METADATA, RECORD with hashes) in memory and unzips it like the cache does.</summary>
internal sealed class WheelBuilder
{
    private readonly List<(string Path, byte[] Content, bool Executable)> _files = [];

    public WheelBuilder(string name, string version)
    {
        Name = name;
        Version = version;
    }

    public string Name { get; }

    public string Version { get; }

    public string WheelVersion { get; set; } = "1.0";

    public bool RootIsPurelib { get; set; } = true;

    public string? EntryPoints { get; set; }

    /// <summary>More METADATA header lines (each ending in a newline), such as <c>Requires-Python: &gt;=3.12</c>.</summary>
    public string Metadata { get; set; } = "";

    /// <summary>Lines appended to RECORD as they are, to make a wheel lie about its contents.</summary>
    public List<string> ExtraRecordLines { get; } = [];

    /// <summary>Members whose RECORD row has neither hash nor size (<c>path,,</c>), as some older tools wrote them.</summary>
    public HashSet<string> UnhashedFiles { get; } = [];

    /// <summary>Members the archive holds but RECORD does not list, as some published wheels have them.</summary>
    public HashSet<string> UnlistedFiles { get; } = [];

    public string Stem => $"{Name.Replace('-', '_')}-{Version}";

    public string DistInfoName => $"{Stem}.dist-info";

    public string DataName => $"{Stem}.data";

    public WheelBuilder Add(string path, string content, bool executable = false) => Add(path, Encoding.UTF8.GetBytes(content), executable);

    public WheelBuilder Add(string path, byte[] content, bool executable = false)
    {
        _files.Add((path, content, executable));
        return this;
    }

    public byte[] Build()
    {
        var files = new List<(string Path, byte[] Content, bool Executable)>(_files)
        {
            ($"{DistInfoName}/METADATA", Encoding.UTF8.GetBytes($"Metadata-Version: 2.1\nName: {Name}\nVersion: {Version}\n{Metadata}\n"), false),
            ($"{DistInfoName}/WHEEL", Encoding.UTF8.GetBytes(
                $"Wheel-Version: {WheelVersion}\nGenerator: dfi-tests\nRoot-Is-Purelib: {(RootIsPurelib ? "true" : "false")}\nTag: py3-none-any\n\n"), false),
        };
        if (EntryPoints is not null)
        {
            files.Add(($"{DistInfoName}/entry_points.txt", Encoding.UTF8.GetBytes(EntryPoints), false));
        }
        var record = new StringBuilder();
        foreach (var (path, content, _) in files.Where(file => !UnlistedFiles.Contains(file.Path)))
        {
            record.Append(UnhashedFiles.Contains(path) ? $"{Csv(path)},,\n" : $"{Csv(path)},sha256={Base64Url(SHA256.HashData(content))},{content.Length}\n");
        }
        foreach (var line in ExtraRecordLines)
        {
            record.Append(line).Append('\n');
        }
        record.Append($"{DistInfoName}/RECORD,,\n");
        files.Add(($"{DistInfoName}/RECORD", Encoding.UTF8.GetBytes(record.ToString()), false));

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content, executable) in files)
            {
                var entry = zip.CreateEntry(path);
                // A regular file's type bits with its permissions, as zip tools and bdist_wheel store them.
                entry.ExternalAttributes = (0x8000 | (executable ? 0b111_101_101 : 0b110_100_100)) << 16;
                using var stream = entry.Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Unzips the wheel into a new folder under <paramref name="cacheRoot"/> and returns it.</summary>
    public string Unzip(string cacheRoot)
    {
        var folder = Path.Combine(cacheRoot, Stem + "-" + Guid.NewGuid().ToString("N")[..6]);
        using var zip = new MemoryStream(Build());
        ZipFile.ExtractToDirectory(zip, folder);
        return folder;
    }

    private static string Csv(string field) =>
        field.Contains(',') || field.Contains('"') ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    public static string Base64Url(byte[] digest) => Convert.ToBase64String(digest).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
