using Dataflow.Installer.Requirements;

namespace Dataflow.Installer.Tests.Requirements;

public sealed class RequirementsFileReaderErrorTests : IDisposable
{
    private readonly RequirementsFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("--frobnicate", "unknown option '--frobnicate'")]
    [InlineData("--frobnicate=1", "unknown option '--frobnicate'")]
    [InlineData("six==1.0 --frobnicate", "unknown option '--frobnicate'")]
    [InlineData("-x foo", "unknown option '-x'")]
    [InlineData("--index-url", "option '--index-url' requires a value")]
    [InlineData("--index-url=", "option '--index-url' requires a value")]
    [InlineData("--pre=yes", "option '--pre' does not take a value")]
    [InlineData("--pre stray", "unexpected argument 'stray' after the options")]
    [InlineData("--index-url 'https://host", "could not split options")]
    [InlineData("--no-binary --pre", "option '--no-binary' requires a value")]
    [InlineData("--only-binary not/a/name", "not a valid project name")]
    [InlineData("six --global-option=--quiet", "option '--global-option' is not supported")]
    [InlineData("--trusted-host https://index.example/simple/", "--trusted-host 'https://index.example/simple/' is not a host or host:port")]
    [InlineData("--trusted-host index.example:port", "--trusted-host 'index.example:port' is not a host or host:port")]
    [InlineData("hg+https://hg.example/repo#egg=repo", "only git repositories are supported among version control requirements, not hg")]
    [InlineData("git://github.com/pypa/pip.git#egg=pip", "is not a git URL dfi can clone: write git+https://")]
    public async Task Malformed_lines_are_errors_naming_file_and_line(string line, string problem)
    {
        var error = await _folder.FailAsync($"# first\n{line}\n");

        error.Location.Should().Be(new SourceLocation("requirements.txt", 2));
        error.Message.Should().StartWith("requirements.txt:2: ").And.Contain(problem);
    }

    [Theory]
    [InlineData("-e ./src/mypkg", "'./src/mypkg' is not a valid editable requirement: it must be a local project folder, and no folder './src/mypkg' exists")]
    [InlineData("-e https://host/mypkg-1.0-py3-none-any.whl", "is not a valid editable requirement: it must be a local project folder (a path or a file: URL)")]
    [InlineData("--editable=git+https://github.com/pypa/pip.git#egg=pip", "editable installs of version control checkouts are not supported")]
    public async Task An_editable_requirement_must_be_a_local_project_folder(string line, string problem)
    {
        var error = await _folder.FailAsync(line);

        error.Message.Should().StartWith("requirements.txt:1: ").And.Contain(problem);
    }

    [Fact]
    public async Task An_editable_folder_without_pyproject_or_setup_py_is_not_installable()
    {
        _folder.Write("empty/README", "");

        var error = await _folder.FailAsync("-e ./empty");

        error.Message.Should().StartWith("requirements.txt:1: directory './empty' is not installable");
    }

    [Fact]
    public async Task An_editable_requirement_in_a_constraints_file_is_an_error_naming_its_line()
    {
        _folder.Write("src/mypkg/pyproject.toml", "");
        _folder.Write("constraints.txt", "# pins\n-e ./src/mypkg\n");

        var error = await _folder.FailAsync("-c constraints.txt");

        error.Message.Should().StartWith("constraints.txt:2: editable requirements are not allowed as constraints");
    }

    [Theory]
    [InlineData("--hash=md5:d41d8cd98f00b204e9800998ecf8427e", "hash algorithm 'md5' is not allowed")]
    [InlineData("--hash=sha256:abc", "sha256 digest 'abc' must be 64 hexadecimal digits")]
    [InlineData("--hash=sha256", "must be an algorithm and a digest")]
    public async Task Malformed_hashes_are_errors(string hash, string problem)
    {
        var error = await _folder.FailAsync($"six==1.16.0 \\\n    {hash}\n");

        error.Message.Should().StartWith("requirements.txt:1: ").And.Contain(problem);
    }

    [Fact]
    public async Task A_hash_without_a_requirement_is_an_error()
    {
        var error = await _folder.FailAsync($"--hash=sha256:{new string('a', 64)}\n");

        error.Message.Should().Be("requirements.txt:1: '--hash' needs a requirement on the same line");
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        var error = await _folder.FailReadingAsync("nope.txt");

        error.Location.Should().Be(new SourceLocation("nope.txt", 0));
        error.Message.Should().Be("nope.txt: could not open requirements file: no such file");
    }

    [Fact]
    public async Task A_missing_included_file_names_the_including_line()
    {
        _folder.Write("sub/more.txt", "six\n\n-c missing.txt\n");

        var error = await _folder.FailAsync("-r sub/more.txt\n");

        error.Message.Should().Be("sub/more.txt:3: could not open requirements file 'sub/missing.txt': no such file");
    }

    [Fact]
    public async Task Include_cycles_are_errors()
    {
        _folder.Write("a.txt", "six\n-r b.txt\n");
        _folder.Write("b.txt", "attrs\n-r ./a.txt\n");

        var error = await _folder.FailReadingAsync("a.txt");

        error.Message.Should().Be("b.txt:2: requirements file './a.txt' includes itself through -r/-c");
    }

    [Fact]
    public async Task A_file_including_itself_is_a_cycle()
    {
        var error = await _folder.FailAsync("-c requirements.txt\n");

        error.Location.Should().Be(new SourceLocation("requirements.txt", 1));
    }

    [Fact]
    public async Task The_same_file_included_twice_without_a_cycle_is_read_twice_as_pip_does()
    {
        _folder.Write("common.txt", "six\n");
        _folder.Write("a.txt", "-r common.txt\n");

        var file = await _folder.ReadAsync("-r a.txt\n-r common.txt\n");

        file.Requirements.Select(r => r.Text).Should().Equal("six", "six");
    }

    [Fact]
    public async Task Remote_includes_are_not_supported_yet()
    {
        var error = await _folder.FailAsync("six\n-r https://host/requirements.txt\n");

        error.Message.Should().Be("requirements.txt:2: remote requirements files are not supported yet: 'https://host/requirements.txt'");
    }

    [Fact]
    public async Task A_folder_that_is_no_python_project_is_an_error()
    {
        Directory.CreateDirectory(_folder.Full("empty"));

        var error = await _folder.FailAsync("./empty\n");

        error.Message.Should().StartWith("requirements.txt:1: directory './empty' is not installable");
    }

    [Fact]
    public async Task Reading_stops_when_cancelled()
    {
        _folder.Write("requirements.txt", "six\n");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var read = () => _folder.Reader.ReadAsync("requirements.txt", cancellation.Token);

        await read.Should().ThrowAsync<OperationCanceledException>();
    }
}
