using System.Formats.Tar;
using Dataflow.Installer.Tests.Build;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// Issue 3: source distributions that try to write outside their build folder (zip-slip, absolute names, links out)
/// are refused before anything is built, naming the archive and the member, and leave no trace.
/// </summary>
public sealed class HostileSdistTests
{
    private const string Root = "hostile-1.0";

    /// <summary>Members any sdist has, unpacked before the hostile one so that the refusal has something to clean up.</summary>
    private static TarEntry[] Harmless() =>
    [
        TestSourceArchive.FolderMember(Root + "/"),
        TestSourceArchive.FileMember(Root + "/PKG-INFO", "Metadata-Version: 2.1\nName: hostile\nVersion: 1.0\n"),
        TestSourceArchive.FileMember(Root + "/pyproject.toml", "[build-system]\nrequires = []\nbuild-backend = \"backend\"\nbackend-path = [\".\"]\n"),
        TestSourceArchive.FileMember(Root + "/backend.py", "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n    raise SystemExit('never reached')\n"),
    ];

    public static TheoryData<string, string> Cases => new()
    {
        { "tar.gz", "../escaped.txt" },
        { "zip", "../escaped.txt" },
        { "tar.gz", Root + "/../../escaped.txt" },
        { "tar.gz", "/tmp/dfi-hostile-escaped.txt" },
        { "tar.gz", Root + "/outside -> ../../.." },
        { "tar.gz", Root + "/passwd -> /etc/passwd" },
    };

    private static string Write(string links, string format, string hostile)
    {
        Directory.CreateDirectory(links);
        var path = Path.Combine(links, $"{Root}.{format}");
        if (format == "zip")
        {
            var members = Harmless().Where(entry => entry.EntryType == TarEntryType.RegularFile)
                .Select(entry => (entry.Name, ReadAll(entry.DataStream!), Mode: 0x81A4))
                .Append((hostile, "escaped"u8.ToArray(), 0x81A4));
            File.WriteAllBytes(path, TestSourceArchive.Zip([.. members]));
            return path;
        }
        var arrow = hostile.IndexOf(" -> ", StringComparison.Ordinal);
        TarEntry evil = arrow < 0
            ? TestSourceArchive.FileMember(hostile, "escaped")
            : TestSourceArchive.LinkMember(TarEntryType.SymbolicLink, hostile[..arrow], hostile[(arrow + 4)..]);
        File.WriteAllBytes(path, TestSourceArchive.Gzip(TestSourceArchive.Tar([.. Harmless(), evil])));
        return path;
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        stream.Position = 0;
        return buffer.ToArray();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_member_that_leaves_the_build_folder_fails_the_sync_naming_the_archive_and_member_and_changes_nothing(string format, string hostile)
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = sandbox.Combine("links");
        var archive = Write(links, format, hostile);
        var requirements = sandbox.WriteRequirements("requirements.txt", "hostile==1.0");
        var venvBefore = await sandbox.SnapshotVenvAsync();
        var cacheBefore = await TreeSnapshot.TakeAsync(sandbox.Cache);

        var sync = await sandbox.SyncAsync(requirements, "-f", links, "--no-index");

        sync.ExitCode.Should().Be(1, sync.ToString());
        var member = hostile.Split(" -> ")[0];
        sync.Stderr.Should().Contain(Path.GetFileName(archive)).And.Contain($"member '{member}' is refused", sync.ToString());
        (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(venvBefore);
        (await TreeSnapshot.TakeAsync(sandbox.Cache)).Without(IsRunBookkeeping).ShouldBeUnchangedSince(cacheBefore.Without(IsRunBookkeeping), ignoreLinkCounts: true);
        sandbox.CacheTmpShouldBeEmpty();
        Directory.GetFiles(sandbox.Root, "escaped.txt", SearchOption.AllDirectories).Should().BeEmpty();
        File.Exists("/tmp/dfi-hostile-escaped.txt").Should().BeFalse();
    }

    // Not the cache's content: the run's lock files, its (now empty) scratch bucket, and the location pointer that
    // remembers the local sdist's sha256 (a fact about the file, true whether or not it unpacks).
    private static bool IsRunBookkeeping(string path) =>
        path.StartsWith(".tmp", StringComparison.Ordinal) || path.StartsWith("locations-v1", StringComparison.Ordinal) || path.EndsWith(".lock", StringComparison.Ordinal)
        || path.StartsWith("locks-v1", StringComparison.Ordinal);
}
