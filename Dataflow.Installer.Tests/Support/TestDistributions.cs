using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Dataflow.Installer.Tests.Support;

/// <summary>Writes small but well-formed wheels and sdists for tests, named and versioned by their file name.</summary>
internal static class TestDistributions
{
    /// <summary>
    /// Writes a pure-Python wheel (METADATA, WHEEL, a package with <c>__init__.py</c>, a correct RECORD).
    /// <paramref name="payloadBytes"/> adds an incompressible data file to make it that much bigger.
    /// </summary>
    public static string WriteWheel(string folder, string filename, int payloadBytes = 0, params string[] requiresDist)
    {
        var (name, version) = TestIndexEntry.SplitFilename(filename)
            ?? throw new ArgumentException($"'{filename}' is not a wheel file name.", nameof(filename));
        var distInfo = $"{name}-{version}.dist-info";
        var metadata = new StringBuilder($"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n");
        foreach (var requirement in requiresDist)
        {
            metadata.Append($"Requires-Dist: {requirement}\n");
        }
        var entries = new List<(string Path, byte[] Content)>
        {
            ($"{name}/__init__.py", Encoding.UTF8.GetBytes($"__version__ = \"{version}\"\n")),
        };
        if (payloadBytes > 0)
        {
            var payload = new byte[payloadBytes];
            Random.Shared.NextBytes(payload);
            entries.Add(($"{name}/payload.bin", payload));
        }
        entries.Add(($"{distInfo}/METADATA", Encoding.UTF8.GetBytes(metadata.ToString())));
        entries.Add(($"{distInfo}/WHEEL", Encoding.UTF8.GetBytes(
            "Wheel-Version: 1.0\nGenerator: dfi-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n")));
        var record = new StringBuilder();
        foreach (var (path, content) in entries)
        {
            // PEP 376/427: urlsafe base64 sha256 without padding, then the size.
            var digest = Convert.ToBase64String(SHA256.HashData(content)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            record.Append($"{path},sha256={digest},{content.Length}\n");
        }
        record.Append($"{distInfo}/RECORD,,\n");
        entries.Add(($"{distInfo}/RECORD", Encoding.UTF8.GetBytes(record.ToString())));

        var fullPath = Path.Combine(folder, filename);
        Directory.CreateDirectory(folder);
        using var zip = ZipFile.Open(fullPath, ZipArchiveMode.Create);
        foreach (var (path, content) in entries)
        {
            var level = path.EndsWith(".bin", StringComparison.Ordinal) ? CompressionLevel.NoCompression : CompressionLevel.Optimal;
            using var stream = zip.CreateEntry(path, level).Open();
            stream.Write(content);
        }
        return fullPath;
    }

    /// <summary>Writes a <c>.tar.gz</c> sdist holding PKG-INFO and a package; enough to be listed and downloaded, not built.</summary>
    public static string WriteSdist(string folder, string filename)
    {
        var (name, version) = TestIndexEntry.SplitFilename(filename)
            ?? throw new ArgumentException($"'{filename}' is not an sdist file name.", nameof(filename));
        var root = $"{name}-{version}";
        var fullPath = Path.Combine(folder, filename);
        Directory.CreateDirectory(folder);
        using var file = File.Create(fullPath);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        AddTarEntry(tar, $"{root}/PKG-INFO", $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n");
        AddTarEntry(tar, $"{root}/{name}/__init__.py", $"__version__ = \"{version}\"\n");
        return fullPath;
    }

    private static void AddTarEntry(TarWriter tar, string path, string content)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, path)
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
        };
        tar.WriteEntry(entry);
    }
}
