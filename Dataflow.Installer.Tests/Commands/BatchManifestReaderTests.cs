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

    [Fact]
    public void Target_and_prefix_name_folders_and_a_target_keeps_the_interpreter_its_platform_keys_describe()
    {
        var environments = BatchManifestReader.Parse("""
            [[environment]]
            target = "build/lambda"
            requirements = "lambda.txt"
            python-platform = "aarch64-manylinux2014"
            python-version = "3.12"
            implementation = "cp"

            [[environment]]
            target = "build/windows"
            requirements = "lambda.txt"
            platform = ["win_amd64", "win32"]
            abi = "cp312"

            [[environment]]
            prefix = "install"
            requirements = "tool.txt"
            """, Manifest);

        var (lambda, windows, install) = (environments[0], environments[1], environments[2]);
        (lambda.Kind, lambda.Path).Should().Be((ManifestEnvironmentKind.Target, "/work/batch/build/lambda"));
        lambda.Foreign!.PythonPlatform!.Tags[0].Should().Be("manylinux_2_17_aarch64");
        (lambda.Foreign.Version, lambda.Foreign.Implementation).Should().Be(((3, 12, 0), "cp"));
        windows.Foreign!.Platforms.Should().Equal("win_amd64", "win32");
        windows.Foreign.Abis.Should().Equal("cp312");
        (install.Kind, install.Path, install.Foreign).Should().Be((ManifestEnvironmentKind.Prefix, "/work/batch/install", null));
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
