using System.Text.Json;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Tests.EndToEnd;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Environments;

public sealed class ForeignInterpreterTests
{
    public static TheoryData<string?, string?, string[], string[]> PipCases => new()
    {
        { "312", "cp", ["manylinux2014_x86_64"], [] },
        { "3.11", null, ["macosx_11_0_arm64"], [] },
        { "3.9", "cp", ["manylinux_2_28_aarch64", "manylinux2014_aarch64"], [] },
        { null, null, ["win_amd64"], ["cp311", "abi3"] },
        { "3.10", "pp", ["manylinux2010_x86_64"], ["pypy310_pp73"] },
        { "3.13", "cp", ["musllinux_1_2_x86_64"], ["cp313"] },
        { "3.12", null, [], [] },
    };

    [Theory]
    [MemberData(nameof(PipCases))]
    public async Task The_tags_are_those_pip_supports_for_the_same_options_in_the_same_order(string? version, string? implementation, string[] platforms, string[] abis)
    {
        // pip's own answer, from the machine's pip (its get_supported is what `pip install --platform ...` ranks by).
        // pip hands get_supported the version as major and minor digits (its TargetPython's py_version).
        var nodot = version is null ? null : string.Concat(version.Split('.').Take(2));
        var arguments = JsonSerializer.Serialize(new object?[] { nodot, platforms.Length > 0 ? platforms : null, implementation, abis.Length > 0 ? abis : null });
        var pip = (await ChildProcess.RunAsync(TestPython.Executable, ["-c",
            "import json, sys; from pip._internal.utils.compatibility_tags import get_supported; v, p, i, a = json.loads(sys.argv[1]); " +
            "print('\\n'.join(str(t) for t in get_supported(version=v, platforms=p, impl=i, abis=a)))", arguments])).ShouldSucceed();
        var asked = (await PythonInterpreter.QueryAsync(TestPython.Executable, null, CancellationToken.None)).Info;
        var foreign = ForeignInterpreter.From(version, implementation, platforms, abis)!;

        var tags = CompatibilityTags.ForForeign(asked, foreign).Tags.Select(tag => tag.ToString()).ToList();

        tags.Should().Equal(pip.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct());
    }

    [Fact]
    public void A_free_threaded_abi_gets_no_stable_abi_tags_as_packaging_since_24_says()
    {
        // pip 23.2's vendored packaging predates PEP 703; later ones keep abi3 from free-threaded builds, which cannot load it.
        var asked = TestInterpreters.CPython311Glibc;

        var tags = CompatibilityTags.ForForeign(asked, ForeignInterpreter.From("3.13", "cp", ["musllinux_1_2_x86_64"], ["cp313t"])!).Tags.Select(tag => tag.ToString()).ToList();

        tags.Should().StartWith(["cp313-cp313t-musllinux_1_2_x86_64", "cp313-none-musllinux_1_2_x86_64", "py313-none-musllinux_1_2_x86_64"]);
        tags.Should().NotContain(tag => tag.Contains("abi3", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("3.12", 3, 12, 0)]
    [InlineData("312", 3, 12, 0)]
    [InlineData("38", 3, 8, 0)]
    [InlineData("3.12.4", 3, 12, 4)]
    [InlineData("3", 3, 0, 0)]
    public void Python_version_takes_pips_spellings(string text, int major, int minor, int micro) =>
        ForeignInterpreter.ParseVersion(text).Should().Be((major, minor, micro));

    [Theory]
    [InlineData("3.12.4.1")]
    [InlineData("three")]
    [InlineData("3.x")]
    [InlineData("")]
    public void A_python_version_pip_would_not_take_is_refused_by_name(string text)
    {
        var parse = () => ForeignInterpreter.ParseVersion(text);

        parse.Should().Throw<ArgumentException>().WithMessage($"--python-version '{text}'*");
    }

    [Fact]
    public void Markers_follow_the_version_implementation_and_first_platform_the_rest_stays_the_asked_interpreters()
    {
        var asked = new Dictionary<string, string>
        {
            ["python_version"] = "3.11",
            ["python_full_version"] = "3.11.7",
            ["sys_platform"] = "linux",
            ["platform_machine"] = "x86_64",
            ["platform_system"] = "Linux",
            ["os_name"] = "posix",
            ["implementation_name"] = "cpython",
            ["platform_release"] = "6.1",
        };

        var lambda = ForeignInterpreter.From("3.12", "cp", ["manylinux2014_aarch64"], [])!.Markers(asked);
        var mac = ForeignInterpreter.From(null, null, ["macosx_11_0_arm64", "macosx_10_9_x86_64"], [])!.Markers(asked);
        var universal = ForeignInterpreter.From(null, null, ["macosx_10_9_universal2"], [])!.Markers(asked);
        var windows = ForeignInterpreter.From("3.13.1", null, ["win_amd64"], [])!.Markers(asked);

        (lambda["python_version"], lambda["python_full_version"], lambda["sys_platform"], lambda["platform_machine"]).Should().Be(("3.12", "3.12.0", "linux", "aarch64"));
        lambda["implementation_version"].Should().Be("3.12.0");
        (mac["sys_platform"], mac["platform_system"], mac["platform_machine"], mac["python_version"]).Should().Be(("darwin", "Darwin", "arm64", "3.11"));
        universal["platform_machine"].Should().Be("x86_64", "universal2 names no one machine, so the asked one's stays");
        (windows["sys_platform"], windows["os_name"], windows["platform_machine"], windows["python_full_version"]).Should().Be(("win32", "nt", "AMD64", "3.13.1"));
        windows["platform_release"].Should().Be("6.1");
    }

    [Fact]
    public void No_option_means_no_foreign_interpreter_and_a_bad_implementation_is_refused()
    {
        ForeignInterpreter.From(null, null, [], []).Should().BeNull();
        var bad = () => ForeignInterpreter.From(null, "CPython 3", [], []);
        bad.Should().Throw<ArgumentException>().WithMessage("--implementation 'CPython 3'*");
    }
}
