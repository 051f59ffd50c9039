using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Dataflow.Installer.Tests.Unzip;

/// <summary>Writes a wheel member by member, with full control over names, modes and RECORD, to make wheels that lie.</summary>
internal sealed class TestWheelArchive(string distInfo)
{
    private readonly List<Member> _members = [];

    public string DistInfo { get; } = distInfo;

    /// <summary>Adds a member listed in RECORD with its true hash, unless told otherwise.</summary>
    public TestWheelArchive Add(string name, string content, int mode = 0b110_100_100, bool inRecord = true, string? recordHash = null) =>
        Add(name, Encoding.UTF8.GetBytes(content), mode, inRecord, recordHash);

    public TestWheelArchive Add(string name, byte[] content, int mode = 0b110_100_100, bool inRecord = true, string? recordHash = null)
    {
        _members.Add(new Member(name, content, mode, inRecord, recordHash));
        return this;
    }

    /// <summary>Lists a file in RECORD that the archive does not hold.</summary>
    public TestWheelArchive ListOnly(string name, string content)
    {
        _members.Add(new Member(name, Encoding.UTF8.GetBytes(content), 0b110_100_100, InRecord: true, RecordHash: null, InArchive: false));
        return this;
    }

    /// <summary>A well-formed wheel <c>alpha-1.0</c> with a module, a script and its metadata.</summary>
    public static TestWheelArchive Alpha() => new TestWheelArchive("alpha-1.0.dist-info")
        .Add("alpha/__init__.py", "VALUE = 1\n")
        .Add("alpha/data.bin", Enumerable.Range(0, 70_000).Select(i => (byte)(i % 256)).ToArray())
        .Add("alpha-1.0.data/scripts/alpha-tool", "#!python\nprint('hi')\n", mode: RegularFile(0b111_101_101))
        .Add("alpha-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: alpha\nVersion: 1.0\n\n")
        .Add("alpha-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: dfi-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n\n");

    public byte[] Build()
    {
        var record = new StringBuilder();
        foreach (var member in _members.Where(member => member.InRecord && !member.Name.EndsWith('/')))
        {
            var hash = member.RecordHash ?? "sha256=" + Base64Url(SHA256.HashData(member.Content));
            record.Append($"{member.Name},{hash},{member.Content.Length}\n");
        }
        record.Append($"{DistInfo}/RECORD,,\n");

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var member in _members.Where(member => member.InArchive))
            {
                Write(zip, member.Name, member.Content, member.Mode);
            }
            Write(zip, $"{DistInfo}/RECORD", Encoding.UTF8.GetBytes(record.ToString()), 0b110_100_100);
        }
        return buffer.ToArray();
    }

    /// <summary>Unpadded urlsafe base64, as RECORD spells digests (PEP 376, PEP 427).</summary>
    public static string Base64Url(byte[] digest) => Convert.ToBase64String(digest).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A regular file's mode with the Unix file type bits, as zip tools store it.</summary>
    public static int RegularFile(int permissions) => 0x8000 | permissions;

    public static int SymbolicLink => 0xA000 | 0b111_111_111;

    private static void Write(ZipArchive zip, string name, byte[] content, int mode)
    {
        var entry = zip.CreateEntry(name);
        entry.ExternalAttributes = unchecked((int)((uint)mode << 16));
        using var stream = entry.Open();
        stream.Write(content);
    }

    private sealed record Member(string Name, byte[] Content, int Mode, bool InRecord, string? RecordHash, bool InArchive = true);
}
