using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Dataflow.Installer.Index;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Index;

public sealed class WheelhouseWriterTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A wheel that holds only its METADATA: all the writer reads.</summary>
    private string WriteWheel(string filename, string? requiresPython = null, string comment = "")
    {
        var split = TestIndexEntry.SplitFilename(filename)!.Value;
        var metadata = $"Metadata-Version: 2.1\nName: {split.Name}\nVersion: {split.Version}\n"
            + (requiresPython is null ? "" : $"Requires-Python: {requiresPython}\n")
            + $"\nA description{comment}\n";
        var path = _folder.Combine(filename);
        File.Delete(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var stream = zip.CreateEntry($"{split.Name}-{split.Version}.dist-info/METADATA").Open())
        {
            stream.Write(Encoding.UTF8.GetBytes(metadata));
        }
        return path;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private string Page(string project) => File.ReadAllText(_folder.Combine("simple", project, "index.html"));

    private Uri IndexUrl => new(_folder.Combine("simple") + "/");

    [Fact]
    public async Task Each_project_gets_a_page_linking_its_wheels_with_their_sha256_and_the_root_lists_the_projects()
    {
        var alpha10 = WriteWheel("alpha-1.0-py3-none-any.whl");
        var alpha20 = WriteWheel("alpha-2.0-py3-none-any.whl");
        WriteWheel("Zope.Thing-3.0-py3-none-any.whl");
        File.WriteAllText(_folder.Combine("notes.txt"), "not a wheel");

        var projects = await WheelhouseWriter.UpdateAsync(_folder.Path, CancellationToken.None);

        projects.Should().Be(2);
        var root = File.ReadAllText(_folder.Combine("simple", "index.html"));
        root.Should().Contain("<a href=\"alpha/\">alpha</a>").And.Contain("<a href=\"zope-thing/\">zope-thing</a>").And.NotContain("notes");
        Page("alpha").Should().Contain($"href=\"../../alpha-1.0-py3-none-any.whl#sha256={Sha256(alpha10)}\"")
            .And.Contain($"href=\"../../alpha-2.0-py3-none-any.whl#sha256={Sha256(alpha20)}\"");
        Page("zope-thing").Should().Contain("Zope.Thing-3.0-py3-none-any.whl");
        Directory.GetFiles(_folder.Combine("simple"), "*.part", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public async Task Requires_python_is_advertised_html_escaped()
    {
        WriteWheel("alpha-1.0-py3-none-any.whl", requiresPython: ">=3.8, <4");

        await WheelhouseWriter.UpdateAsync(_folder.Path, CancellationToken.None);

        Page("alpha").Should().Contain("data-requires-python=\"&gt;=3.8, &lt;4\"");
    }

    [Fact]
    public async Task The_metadata_file_is_written_beside_the_wheel_and_its_hash_advertised_under_both_names()
    {
        var wheel = WriteWheel("alpha-1.0-py3-none-any.whl");

        await WheelhouseWriter.UpdateAsync(_folder.Path, CancellationToken.None);

        var metadata = wheel + ".metadata";
        File.ReadAllText(metadata).Should().StartWith("Metadata-Version: 2.1\nName: alpha\nVersion: 1.0\n");
        Page("alpha").Should().Contain($"data-core-metadata=\"sha256={Sha256(metadata)}\"").And.Contain($"data-dist-info-metadata=\"sha256={Sha256(metadata)}\"");
    }

    [Fact]
    public async Task A_second_run_adds_a_new_wheel_and_keeps_the_hashes_it_already_published()
    {
        var first = WriteWheel("alpha-1.0-py3-none-any.whl");
        await WheelhouseWriter.UpdateAsync(_folder.Path, CancellationToken.None);
        var published = Sha256(first);
        // The page is trusted for files it already lists, so a second run does not hash every wheel again.
        WriteWheel("alpha-1.0-py3-none-any.whl", comment: " rewritten");
        var added = WriteWheel("alpha-1.1-py3-none-any.whl");

        await WheelhouseWriter.UpdateAsync(_folder.Path, CancellationToken.None);

        Sha256(first).Should().NotBe(published, "the test changed the file behind the page's back");
        Page("alpha").Should().Contain($"alpha-1.0-py3-none-any.whl#sha256={published}")
            .And.Contain($"alpha-1.1-py3-none-any.whl#sha256={Sha256(added)}");
    }

    [Fact]
    public async Task The_simple_index_client_reads_the_written_index_through_a_file_url()
    {
        var wheel = WriteWheel("alpha-1.0-py3-none-any.whl", requiresPython: ">=3.8, <4");
        await WheelhouseWriter.UpdateAsync(_folder.Path, CancellationToken.None);
        using var http = new HttpClient();

        var files = await new SimpleIndexClient(http).GetProjectFilesAsync(IndexUrl, PackageName.Parse("Alpha"), CancellationToken.None);

        var file = files.Should().ContainSingle().Subject;
        file.Filename.Should().Be("alpha-1.0-py3-none-any.whl");
        file.Url.IsFile.Should().BeTrue();
        file.Url.LocalPath.Should().Be(wheel);
        file.Hashes.Should().Equal(new Dictionary<string, string> { ["sha256"] = Sha256(wheel) });
        file.RequiresPython.Should().Be(">=3.8, <4");
        file.HasCoreMetadata.Should().BeTrue();
        file.CoreMetadataHashes["sha256"].Should().Be(Sha256(wheel + ".metadata"));
    }

    [Fact]
    public async Task The_distribution_finder_finds_the_wheels_and_a_missing_project_is_none()
    {
        WriteWheel("alpha-1.0-py3-none-any.whl");
        WriteWheel("alpha-2.0-py3-none-any.whl");
        await WheelhouseWriter.UpdateAsync(_folder.Path, CancellationToken.None);
        using var http = new HttpClient();
        var finder = new DistributionFinder(new SimpleIndexClient(http), http, [IndexUrl], [], offline: false);

        var alpha = await finder.GetFilesAsync(PackageName.Parse("alpha"), CancellationToken.None);
        var missing = await finder.GetFilesAsync(PackageName.Parse("beta"), CancellationToken.None);

        alpha.Select(file => file.Filename).Should().Equal("alpha-1.0-py3-none-any.whl", "alpha-2.0-py3-none-any.whl");
        alpha.Should().OnlyContain(file => File.Exists(file.Url.LocalPath));
        missing.Should().BeEmpty();
    }
}
