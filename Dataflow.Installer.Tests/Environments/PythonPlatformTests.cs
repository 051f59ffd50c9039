using System.Text.Json;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Tests.EndToEnd;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Environments;

public sealed class PythonPlatformTests
{
    // pypa/packaging's own tag generators (pip's vendored copy) on a machine of the named kind: the glibc or musl version
    // and the ABI probe are what such a machine would report, so the answer does not depend on this one.
    private const string PackagingPlatforms = """
        import json, sys
        from pip._vendor.packaging import tags, _manylinux, _musllinux
        kind, arch, version = sys.argv[1:4]
        major, minor = (int(part) for part in version.split('.'))
        if kind == 'mac':
            found = list(tags.mac_platforms((major, minor), arch))
        else:
            _manylinux._get_glibc_version = lambda: (major, minor) if kind == 'glibc' else (-1, -1)
            _manylinux._have_compatible_abi = lambda *args: True
            _musllinux._get_musl_version = lambda executable: _musllinux._MuslVersion(major, minor) if kind == 'musl' else None
            found = list(_manylinux.platform_tags('linux_' + arch, arch)) + list(_musllinux.platform_tags(arch)) + ['linux_' + arch]
        print(json.dumps(found))
        """;

    [Theory]
    [InlineData("linux", "glibc", "x86_64", "2.17")]
    [InlineData("x86_64-unknown-linux-gnu", "glibc", "x86_64", "2.17")]
    [InlineData("aarch64-unknown-linux-gnu", "glibc", "aarch64", "2.17")]
    [InlineData("x86_64-manylinux2014", "glibc", "x86_64", "2.17")]
    [InlineData("x86_64-manylinux_2_28", "glibc", "x86_64", "2.28")]
    [InlineData("aarch64-manylinux_2_40", "glibc", "aarch64", "2.40")]
    [InlineData("powerpc64le-unknown-linux-gnu", "glibc", "ppc64le", "2.17")]
    [InlineData("x86_64-unknown-linux-musl", "musl", "x86_64", "1.2")]
    [InlineData("aarch64-unknown-linux-musl", "musl", "aarch64", "1.2")]
    [InlineData("macos", "mac", "arm64", "13.0")]
    [InlineData("aarch64-apple-darwin", "mac", "arm64", "13.0")]
    [InlineData("x86_64-apple-darwin", "mac", "x86_64", "13.0")]
    public async Task Each_name_gives_the_platform_tags_packaging_yields_on_such_a_machine(string name, string kind, string arch, string version)
    {
        var packaging = (await ChildProcess.RunAsync(TestPython.Executable, ["-c", PackagingPlatforms, kind, arch, version])).ShouldSucceed();

        var platform = PythonPlatform.Parse(name, macosDeploymentTarget: null);

        platform.Tags.Should().Equal(JsonSerializer.Deserialize<string[]>(packaging.Stdout));
    }

    [Theory]
    [InlineData("windows", "win_amd64", "AMD64")]
    [InlineData("x86_64-pc-windows-msvc", "win_amd64", "AMD64")]
    [InlineData("i686-pc-windows-msvc", "win32", "x86")]
    [InlineData("aarch64-pc-windows-msvc", "win_arm64", "ARM64")]
    public void Windows_names_give_its_one_tag_and_the_machine_windows_python_reports(string name, string tag, string machine)
    {
        var platform = PythonPlatform.Parse(name, macosDeploymentTarget: null);

        platform.Tags.Should().Equal(tag);
        (platform.SysPlatform, platform.System, platform.OsName, platform.Machine).Should().Be(("win32", "Windows", "nt", machine));
    }

    [Fact]
    public void The_macos_deployment_target_sets_the_newest_macos_as_uv_reads_it()
    {
        PythonPlatform.Parse("macos", "11.0").Tags[0].Should().Be("macosx_11_0_arm64");
        PythonPlatform.Parse("x86_64-apple-darwin", "10.9").Tags.Should().StartWith(["macosx_10_9_x86_64", "macosx_10_9_intel"]);
        PythonPlatform.Parse("macos", "14").Tags[0].Should().Be("macosx_14_0_arm64");
        var bad = () => PythonPlatform.Parse("macos", "sonoma");
        bad.Should().Throw<ArgumentException>().WithMessage("MACOSX_DEPLOYMENT_TARGET 'sonoma'*");
    }

    [Theory]
    [InlineData("x86_64-unknown-freebsd")]
    [InlineData("linux_x86_64")]
    [InlineData("manylinux2014_x86_64")]
    [InlineData("x86_64-manylinux_2_5")]
    [InlineData("sparc-unknown-linux-gnu")]
    [InlineData("")]
    public void A_name_uv_would_not_take_is_refused_with_the_names_that_work(string name)
    {
        var parse = () => PythonPlatform.Parse(name, macosDeploymentTarget: null);

        parse.Should().Throw<ArgumentException>().WithMessage($"--python-platform '{name}' is not a platform dfi knows; expected linux, macos, windows, *");
    }

    [Fact]
    public void The_interpreters_tags_take_the_platforms_in_their_order_without_pips_widening_of_legacy_tags()
    {
        // pip's get_supported would put manylinux2010 and manylinux1 right after manylinux2014 (its --platform widening);
        // the list is already complete and ranked as packaging ranks it on such a machine.
        var platform = PythonPlatform.Parse("x86_64-manylinux_2_28", macosDeploymentTarget: null);

        var tags = CompatibilityTags.ForForeign(TestInterpreters.CPython311Glibc, ForeignInterpreter.From("3.12", "cp", [], [], "x86_64-manylinux_2_28")!)
            .Tags.Select(tag => tag.ToString()).ToList();

        tags.Where(tag => tag.StartsWith("cp312-cp312-", StringComparison.Ordinal)).Should().Equal(platform.Tags.Select(tag => "cp312-cp312-" + tag));
        tags.Should().Contain("cp312-abi3-linux_x86_64").And.Contain("py3-none-any").And.NotContain(tag => tag.Contains("macosx", StringComparison.Ordinal));
    }

    [Fact]
    public void Markers_are_the_platforms_with_no_kernel_release_or_version_and_the_python_version_stays_separate()
    {
        var asked = new Dictionary<string, string>
        {
            ["python_version"] = "3.11",
            ["sys_platform"] = "linux",
            ["platform_machine"] = "x86_64",
            ["platform_system"] = "Linux",
            ["os_name"] = "posix",
            ["platform_release"] = "6.1.0-28-cloud-amd64",
            ["platform_version"] = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1",
        };

        var mac = ForeignInterpreter.From(null, null, [], [], "macos")!.Markers(asked);
        var arm = ForeignInterpreter.From("3.12", null, [], [], "aarch64-unknown-linux-gnu")!.Markers(asked);

        (mac["sys_platform"], mac["platform_system"], mac["os_name"], mac["platform_machine"], mac["python_version"]).Should().Be(("darwin", "Darwin", "posix", "arm64", "3.11"));
        (mac["platform_release"], mac["platform_version"]).Should().Be(("", ""), "this machine's kernel says nothing of the target's, as uv reads it");
        (arm["sys_platform"], arm["platform_machine"], arm["python_version"]).Should().Be(("linux", "aarch64", "3.12"));
    }

    [Fact]
    public void Python_platform_with_platform_is_refused_and_alone_is_a_foreign_interpreter_named_by_it()
    {
        var both = () => ForeignInterpreter.From(null, null, ["manylinux2014_x86_64"], [], "linux");
        var alone = ForeignInterpreter.From(null, null, [], [], "macos");

        both.Should().Throw<ArgumentException>().WithMessage("--python-platform and --platform both name the platform*");
        alone.Should().NotBeNull();
        alone!.Describe(TestInterpreters.CPython311Glibc).Should().Be("cp311 on macosx_13_0_arm64 (--python-platform macos)");
    }
}
