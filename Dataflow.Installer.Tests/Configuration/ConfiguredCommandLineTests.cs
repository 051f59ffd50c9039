using CommandLine;
using Dataflow.Installer.Commands;
using Dataflow.Installer.Configuration;
using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Configuration;

/// <summary>Issue 8's precedence: command line, then DFI_* variables, then the project's dfi.toml, then the user's, then the default.</summary>
public sealed class ConfiguredCommandLineTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();
    private readonly Dictionary<string, string> _variables;

    public ConfiguredCommandLineTests()
    {
        Directory.CreateDirectory(ProjectFolder);
        _variables = new Dictionary<string, string>
        {
            ["HOME"] = Directory.CreateDirectory(_root.Combine("home")).FullName,
            ["XDG_CONFIG_HOME"] = _root.Combine("xdg"),
        };
    }

    private string ProjectFolder => _root.Combine("project");

    private void WriteProjectFile(params string[] lines) => File.WriteAllLines(Path.Combine(ProjectFolder, "dfi.toml"), lines);

    private void WriteUserFile(params string[] lines)
    {
        Directory.CreateDirectory(_root.Combine("xdg", "dfi"));
        File.WriteAllLines(_root.Combine("xdg", "dfi", "dfi.toml"), lines);
    }

    private ConfiguredCommandLine Build(params string[] arguments) => ConfiguredCommandLine.Build(arguments, _variables, ProjectFolder);

    private static SyncOptions ParseSync(IReadOnlyList<string> arguments)
    {
        // The settings Program uses.
        using var parser = new Parser(settings =>
        {
            settings.HelpWriter = null;
            settings.CaseInsensitiveEnumValues = true;
            settings.AllowMultiInstance = true;
        });
        SyncOptions? parsed = null;
        parser.ParseArguments<SyncOptions>(arguments.Skip(1))
            .WithParsed(options => parsed = options)
            .WithNotParsed(errors => throw new InvalidOperationException($"{string.Join(' ', arguments)}: {string.Join(", ", errors)}"));
        return parsed!;
    }

    [Theory]
    [InlineData(false, false, false, false, null)]
    [InlineData(true, false, false, false, "command-line")]
    [InlineData(false, true, false, false, "environment")]
    [InlineData(false, false, true, false, "project")]
    [InlineData(false, false, false, true, "user")]
    [InlineData(true, true, false, false, "command-line")]
    [InlineData(true, false, true, false, "command-line")]
    [InlineData(true, false, false, true, "command-line")]
    [InlineData(false, true, true, false, "environment")]
    [InlineData(false, true, false, true, "environment")]
    [InlineData(false, false, true, true, "project")]
    [InlineData(true, true, true, true, "command-line")]
    public void The_highest_source_that_sets_an_option_wins(bool commandLine, bool environment, bool project, bool user, string? winner)
    {
        if (environment)
        {
            _variables["DFI_INDEX_URL"] = "http://environment/simple/";
        }
        if (project)
        {
            WriteProjectFile("index-url = \"http://project/simple/\"");
        }
        if (user)
        {
            WriteUserFile("index-url = \"http://user/simple/\"");
        }
        string[] arguments = commandLine ? ["sync", "r.txt", "--index-url", "http://command-line/simple/"] : ["sync", "r.txt"];

        var options = ParseSync(Build(arguments).Arguments);

        options.IndexUrl.Should().Be(winner is null ? null : $"http://{winner}/simple/");
    }

    [Fact]
    public void Each_option_is_taken_from_its_own_highest_source()
    {
        _variables["DFI_CONCURRENT_DOWNLOADS"] = "8";
        WriteProjectFile("concurrent-downloads = 4", "retries = 1");
        WriteUserFile("retries = 9", "timeout = 2.5");

        var options = ParseSync(Build("sync", "r.txt").Arguments);

        options.ConcurrentDownloads.Should().Be(8);
        options.Retries.Should().Be(1);
        options.Timeout.Should().Be(2.5);
        options.LinkMode.Should().Be(LinkMode.Auto, "nothing sets it, so it keeps its default");
    }

    [Fact]
    public void A_short_option_on_the_command_line_wins_too()
    {
        _variables["DFI_INDEX_URL"] = "http://environment/simple/";

        ParseSync(Build("sync", "r.txt", "-i", "http://command-line/simple/").Arguments).IndexUrl.Should().Be("http://command-line/simple/");
    }

    [Fact]
    public void A_switch_turned_off_by_a_variable_overrides_a_file_that_turns_it_on()
    {
        _variables["DFI_NO_CACHE"] = "0";
        WriteProjectFile("no-cache = true");

        ParseSync(Build("sync", "r.txt").Arguments).NoCache.Should().BeFalse();
    }

    [Fact]
    public void A_project_files_top_level_key_wins_over_a_user_files_verb_table()
    {
        WriteProjectFile("concurrent-downloads = 4");
        WriteUserFile("[sync]", "concurrent-downloads = 16");

        ParseSync(Build("sync", "r.txt").Arguments).ConcurrentDownloads.Should().Be(4);
    }

    [Fact]
    public void Every_kind_of_value_reaches_the_parser_intact()
    {
        _variables["DFI_EXTRA_INDEX_URL"] = "http://a/simple/ http://b/simple/";
        _variables["DFI_VERBOSE"] = "2";
        WriteProjectFile("link-mode = \"copy\"", "config-settings = [\"--build-option=-O2\", \"editable_mode=compat\"]", "only-binary = \":all:\"", "reinstall = true");

        var options = ParseSync(Build("sync", "r.txt").Arguments);

        options.Requirements.Should().Equal("r.txt");
        options.ExtraIndexUrls.Should().Equal("http://a/simple/", "http://b/simple/");
        options.Verbose.Should().Be(2);
        options.LinkMode.Should().Be(LinkMode.Copy);
        options.ConfigSettings.Should().Equal("--build-option=-O2", "editable_mode=compat");
        options.OnlyBinary.Should().Equal(":all:");
        options.Reinstall.Should().BeTrue();
    }

    [Fact]
    public void Configured_options_go_before_a_double_dash()
    {
        _variables["DFI_CACHE_DIR"] = "/srv/cache";

        Build("show", "--", "--odd-name").Arguments.Should().Equal("show", "--cache-dir=/srv/cache", "--", "--odd-name");
    }

    [Fact]
    public void No_cache_on_the_command_line_drops_a_configured_cache_dir()
    {
        _variables["DFI_CACHE_DIR"] = "/srv/cache";

        var options = ParseSync(Build("sync", "r.txt", "--no-cache").Arguments);

        options.NoCache.Should().BeTrue();
        options.CacheDir.Should().BeNull("a DFI_CACHE_DIR in a profile must not break --no-cache");
    }

    [Fact]
    public void A_cache_dir_on_the_command_line_drops_a_configured_no_cache()
    {
        WriteProjectFile("no-cache = true");

        var options = ParseSync(Build("sync", "r.txt", "--cache-dir", "/c").Arguments);

        options.NoCache.Should().BeFalse();
        options.CacheDir.Should().Be("/c");
    }

    [Fact]
    public void Python_platform_on_the_command_line_drops_a_configured_platform()
    {
        _variables["DFI_PLATFORM"] = "manylinux2014_x86_64";

        var options = ParseSync(Build("sync", "r.txt", "--python-platform", "macos").Arguments);

        options.PythonPlatform.Should().Be("macos");
        options.Platforms.Should().BeEmpty("a DFI_PLATFORM in a profile must not break --python-platform, which names the platform too");
    }

    [Fact]
    public void Conflicting_options_from_one_source_are_both_kept_for_the_run_to_refuse()
    {
        WriteProjectFile("no-cache = true", "cache-dir = \"/c\"");

        var options = ParseSync(Build("sync", "r.txt").Arguments);

        options.NoCache.Should().BeTrue();
        options.CacheDir.Should().Be("/c");
    }

    [Fact]
    public void Without_a_variable_or_a_file_the_command_line_is_passed_on_as_given()
    {
        var configured = Build("sync", "requirements.txt", "-i", "http://command-line/simple/", "--", "--odd");

        configured.Arguments.Should().Equal("sync", "requirements.txt", "-i", "http://command-line/simple/", "--", "--odd");
        configured.Applied.Should().BeEmpty();
        configured.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Without_a_verb_the_command_line_is_left_alone()
    {
        _variables["DFI_INDEX_URL"] = "http://environment/simple/";

        Build("--help").Arguments.Should().Equal("--help");
        Build("help", "sync").Arguments.Should().Equal("help", "sync");
    }

    [Fact]
    public void Warnings_of_every_source_are_collected()
    {
        _variables["DFI_INDEX_ULR"] = "http://environment/simple/";
        WriteProjectFile("bogus = 1");

        var configured = Build("sync", "r.txt");

        configured.Warnings.Should().HaveCount(2);
        configured.Warnings.Should().Contain(warning => warning.Contains("DFI_INDEX_ULR"));
        configured.Warnings.Should().Contain(warning => warning.Contains("dfi.toml:1"));
    }

    public void Dispose() => _root.Dispose();
}
