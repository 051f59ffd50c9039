using Dataflow.Installer.Commands;

namespace Dataflow.Installer.Tests.Commands;

public sealed class BatchManifestReaderTests
{
    private const string Manifest = "/work/batch/manifest.toml";

    [Fact]
    public void Environments_are_read_with_paths_relative_to_the_manifest()
    {
        var environments = BatchManifestReader.Parse("""
            [[environment]]
            path = "envs/api"
            requirements = ["api/requirements.txt", "common.txt"]
            python = "/usr/bin/python3"
            index-url = "https://index.example/simple/"
            extra-index-url = "https://extra.example/simple/"
            find-links = ["wheels", "https://links.example/"]

            [[environment]]
            path = "envs/worker"
            requirements = "worker.txt"
            python = "python3"
            no-index = true
            """, Manifest);

        environments.Should().HaveCount(2);
        var api = environments[0];
        api.Path.Should().Be("/work/batch/envs/api");
        api.Requirements.Should().Equal("/work/batch/api/requirements.txt", "/work/batch/common.txt");
        api.Python.Should().Be("/usr/bin/python3");
        api.IndexUrl.Should().Be("https://index.example/simple/");
        api.ExtraIndexUrls.Should().Equal("https://extra.example/simple/");
        api.FindLinks.Should().Equal("/work/batch/wheels", "https://links.example/");
        api.Line.Should().Be(1);
        var worker = environments[1];
        worker.Requirements.Should().Equal("/work/batch/worker.txt");
        worker.Python.Should().Be("python3", "a bare name is looked up on PATH, not in the manifest's folder");
        worker.NoIndex.Should().BeTrue();
        worker.Line.Should().Be(9);
    }

    [Theory]
    [InlineData("[[environment]]\npath = \"a\"\nrequirement = [\"r.txt\"]\n", ":3: unknown key 'requirement'")]
    [InlineData("[[environment]]\npath = \"a\"\n", ":1: this [[environment]] has no 'requirements'")]
    [InlineData("[[environment]]\nrequirements = [\"r.txt\"]\n", ":1: this [[environment]] has no 'path'")]
    [InlineData("cache = \"x\"\n[[environment]]\npath = \"a\"\nrequirements = \"r\"\n", ":1: unexpected top-level key 'cache'")]
    [InlineData("[environment]\npath = \"a\"\nrequirements = \"r\"\n", ":1: unexpected table 'environment'")]
    [InlineData("[[environment]]\npath = \"a\"\nrequirements = [1, 2]\n", ":3: 'requirements' must list strings")]
    [InlineData("[[environment]]\npath = \"a\"\nrequirements = []\n", ":3: 'requirements' lists no file")]
    [InlineData("[[environment]]\npath = \"a\"\nrequirements = \"r\"\nno-index = \"yes\"\n", ":4: 'no-index' must be true or false")]
    [InlineData("[[environment]]\npath = \"a\"\nrequirements = \"r\"\n[[environment]]\npath = \"a\"\nrequirements = \"s\"\n", ":4: the environment '/work/batch/a' is already listed at line 1")]
    [InlineData("[[environment]]\npath = \"a\nrequirements = \"r\"\n", ":3:")]
    [InlineData("", ": no [[environment]] tables")]
    public void Malformed_manifests_are_refused_naming_the_line(string text, string expected)
    {
        var read = () => BatchManifestReader.Parse(text, Manifest);

        read.Should().Throw<ManifestException>().Which.Message.Should().StartWith(Manifest).And.Contain(expected);
    }

    [Fact]
    public void A_missing_manifest_is_an_error_naming_it()
    {
        var read = () => BatchManifestReader.Read("/nonexistent/manifest.toml");

        read.Should().Throw<ManifestException>().Which.Message.Should().StartWith("/nonexistent/manifest.toml: cannot be read");
    }
}
