using Dataflow.Installer.Requirements;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Requirements;

public sealed class PylockReaderTests : IDisposable
{
    private const string Sha = "1786a08236f2c92ae0e70423c45e1e62788ed33028f94ca99c4df03f5be6b3c6";

    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private PylockFile Read(string text)
    {
        File.WriteAllText(_folder.Combine("pylock.toml"), text);
        return PylockReader.Read("pylock.toml", _folder.Path);
    }

    private RequirementsFileException Fail(string text)
    {
        var read = () => Read(text);
        return read.Should().Throw<RequirementsFileException>().Which;
    }

    [Fact]
    public void A_lock_file_gives_its_packages_files_hashes_and_environment_keys()
    {
        var lockFile = Read($$"""
            lock-version = "1.0"
            requires-python = ">=3.9"
            environments = ["sys_platform == 'linux'"]
            default-groups = ["default", "docs"]

            [[packages]]
            name = "attrs"
            version = "23.1.0"
            index = "https://pypi.org/simple"
            marker = "python_version >= '3.8'"

            [[packages.wheels]]
            url = "https://files.example/attrs-23.1.0-py3-none-any.whl"
            size = 61160
            hashes = { sha256 = "{{Sha.ToUpperInvariant()}}" }

            [packages.sdist]
            name = "attrs-23.1.0.tar.gz"
            path = "dist/attrs-23.1.0.tar.gz"
            hashes = { sha256 = "{{Sha}}" }

            [[packages]]
            name = "app"
            directory = { path = "src/app", editable = true }

            [[packages]]
            name = "lib"
            vcs = { type = "git", url = "https://git.example/lib.git", requested-revision = "main", commit-id = "0123456789abcdef0123456789abcdef01234567", subdirectory = "python" }
            """);

        lockFile.RequiresPython.Should().Be(">=3.9");
        lockFile.Environments.Should().Equal("sys_platform == 'linux'");
        lockFile.DefaultGroups.Should().Equal("default", "docs");
        var attrs = lockFile.Packages[0];
        attrs.Should().Match<PylockPackage>(package => package.Position == 1 && package.Version == "23.1.0" && package.Index == "https://pypi.org/simple");
        attrs.Wheels.Single().Should().Be(new PylockArchive("attrs-23.1.0-py3-none-any.whl", new Uri("https://files.example/attrs-23.1.0-py3-none-any.whl"), attrs.Wheels[0].Hashes, 61160));
        attrs.Wheels[0].Hashes.Should().Equal(new Dictionary<string, string> { ["sha256"] = Sha });
        attrs.Sdist!.Location.Should().Be(new Uri(_folder.Combine("dist", "attrs-23.1.0.tar.gz")), "a path is relative to the lock file's folder");
        lockFile.Packages[1].Directory.Should().Be(new PylockDirectory(_folder.Combine("src", "app"), Editable: true));
        lockFile.Packages[2].Vcs.Should().Be(new VcsReference("https://git.example/lib.git", "0123456789abcdef0123456789abcdef01234567", "python", null));
    }

    [Fact]
    public void Wheels_written_as_an_array_of_inline_tables_are_read_too()
    {
        var lockFile = Read($$"""
            lock-version = "1.0"
            [[packages]]
            name = "six"
            wheels = [{ name = "six-1.16.0-py2.py3-none-any.whl", url = "https://files.example/six.whl", hashes = { sha256 = "{{Sha}}" } }]
            """);

        lockFile.Packages.Single().Wheels.Single().FileName.Should().Be("six-1.16.0-py2.py3-none-any.whl");
    }

    [Theory]
    [InlineData("[[packages]]\nname = \"six\"\n", "has no lock-version")]
    [InlineData("lock-version = \"2.0\"\n", "has lock-version '2.0'; dfi reads lock files of version 1.x")]
    [InlineData("lock-version = \"1.0\"\n[[packages]]\nname = \"six\"\nversion = \"1\"\n", "packages[1] ('six'): names no file")]
    [InlineData("lock-version = \"1.0\"\n[[packages]]\nname = \"six\"\nwheels = [{ url = \"https://f/six-1-py3-none-any.whl\" }]\n", "packages[1] ('six') wheels: has no hashes")]
    [InlineData("lock-version = \"1.0\"\n[[packages]]\nname = \"six\"\nwheels = [{ url = \"https://f/six-1-py3-none-any.whl\", hashes = {} }]\n", "has an empty hashes table")]
    [InlineData("lock-version = \"1.0\"\n[[packages]]\nname = \"six\"\ndirectory = { path = \".\" }\narchive = { url = \"https://f/six.zip\", hashes = { sha256 = \"ab\" } }\n", "names files of more than one kind")]
    [InlineData("lock-version = \"1.0\"\n[[packages]]\nname = \"six\"\nvcs = { type = \"hg\", url = \"https://hg/six\", commit-id = \"ab\" }\n", "vcs type 'hg' is not supported")]
    [InlineData("lock-version = \"1.0\"\n[[packages]]\nname = \"-bad-\"\n", "packages[1]: '-bad-' is not a valid project name")]
    [InlineData("lock-version = \"1.0\"\n[[packages\nname = \"six\"\n", "is not valid TOML")]
    [InlineData("lock-version = 1\n", "'lock-version' must be a string")]
    [InlineData("lock-version = \"1.0\"\n[[package]]\nname = \"six\"\n", "has no packages array")]
    [InlineData("lock-version = \"1.0\"\n[[packages]]\nname = \"six\"\nwheels = [{ url = \"https://f/six-1-py3-none-any.whl\", hashes = { md5 = \"ab\", blake2b = \"cd\" } }]\n", "has only md5, blake2b hashes; dfi checks sha256, sha384 and sha512")]
    [InlineData("lock-version = \"1.0\"\n[[packages]]\nname = \"six\"\nversion = \"one\"\nwheels = [{ url = \"https://f/six-1-py3-none-any.whl\", hashes = { sha256 = \"ab\" } }]\n", "version 'one' is not a PEP 440 version")]
    public void A_lock_file_dfi_cannot_install_from_is_an_error_naming_it_and_the_package(string text, string problem)
    {
        var error = Fail(text);

        error.Message.Should().StartWith("pylock.toml: ").And.Contain(problem);
    }

    [Theory]
    [InlineData("pylock.toml", true)]
    [InlineData("pylock.dev.toml", true)]
    [InlineData("sub/pylock.web.toml", true)]
    [InlineData("pylock.a.b.toml", false)]
    [InlineData("requirements.txt", false)]
    [InlineData("pyproject.toml", false)]
    public void Lock_files_are_told_by_PEP_751_s_file_names(string path, bool isLock)
    {
        PylockFile.IsLockFileName(path).Should().Be(isLock);
    }

    [Fact]
    public void A_path_is_relative_to_the_lock_file_s_folder_and_taken_before_a_url()
    {
        Directory.CreateDirectory(_folder.Combine("locks"));
        File.WriteAllText(_folder.Combine("locks", "pylock.toml"), $$"""
            lock-version = "1.0"
            packages = [{ name = "six", wheels = [{ url = "https://files.example/six-1.16.0-py2.py3-none-any.whl", path = "../dist/six-1.16.0-py2.py3-none-any.whl", hashes = { sha256 = "{{Sha}}" } }] }]
            """);

        var lockFile = PylockReader.Read("locks/pylock.toml", _folder.Path);

        lockFile.Packages.Single().Wheels.Single().Location.Should().Be(new Uri(_folder.Combine("dist", "six-1.16.0-py2.py3-none-any.whl")));
    }

    [Fact]
    public void Keys_an_install_does_not_need_are_read_past_datetimes_attestations_and_tool_tables_included()
    {
        var lockFile = Read($$"""
            lock-version = "1.0"
            environments = ["sys_platform == 'linux'"]
            requires-python = "==3.12"
            extras = []
            dependency-groups = []
            default-groups = []
            created-by = "mousebender"

            [[packages]]
            name = "attrs"
            version = "25.1.0"
            requires-python = ">=3.8"
            dependencies = []

            [[packages.wheels]]
            name = "attrs-25.1.0-py3-none-any.whl"
            upload-time = 2025-01-25T11:30:22.000000Z
            url = "https://files.pythonhosted.org/packages/attrs-25.1.0-py3-none-any.whl"
            size = 63152
            hashes = {sha256 = "{{Sha}}"}

            [[packages.attestation-identities]]
            environment = "release-pypi"
            kind = "GitHub"
            repository = "python-attrs/attrs"
            workflow = "pypi-package.yml"

            [tool.mousebender]
            command = ["."]
            run-on = 2025-03-06T12:28:57.760769
            """);

        lockFile.Packages.Single().Wheels.Single().Size.Should().Be(63152);
    }
}
