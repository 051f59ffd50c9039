using System.Runtime.CompilerServices;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Environments;

public sealed class CompatibilityTagsTests
{
    private static InterpreterInfo CPython311(
        string? libcName = "glibc", string? libcVersion = "2.36", int pointerBits = 64, string abiflags = "", string platform = "linux-x86_64") =>
        new(
            Executable: "/usr/bin/python3",
            ImplementationName: "cpython",
            Major: 3,
            Minor: 11,
            FullVersion: "3.11.7",
            Abiflags: abiflags,
            SysconfigPlatform: platform,
            Machine: "x86_64",
            PointerBits: pointerBits,
            LibcName: libcName,
            LibcVersion: libcVersion,
            Prefix: "/usr",
            BasePrefix: "/usr",
            Scheme: new SchemePaths("/p", "/p", "/s", "/h", "/d"),
            MarkerEnvironment: new Dictionary<string, string>());

    private static List<string> Computed(InterpreterInfo interpreter) =>
        CompatibilityTags.ForInterpreter(interpreter).Tags.Select(t => t.ToString()).ToList();

    /// <summary>Snapshots made by generate_tag_fixtures.py, found next to this source file (the project copies no content files).</summary>
    private static string[] Snapshot(string name, [CallerFilePath] string sourceFile = "") =>
        File.ReadAllLines(Path.Combine(Path.GetDirectoryName(sourceFile)!, name)).Where(line => line.Length > 0).ToArray();

    private static int IndexOf(List<string> tags, string tag)
    {
        var index = tags.IndexOf(tag);
        index.Should().BeGreaterThanOrEqualTo(0, $"{tag} should be supported");
        return index;
    }

    [Fact]
    public void CPython_3_11_on_glibc_2_36_x86_64_gets_exactly_the_tags_pip_ranks_by()
    {
        Computed(CPython311()).Should().Equal(Snapshot("pip-supported-tags-cp311-glibc236-x86_64.txt"));
    }

    [Fact]
    public void Without_cp311_none_any_the_tags_are_packaging_sys_tags_in_the_same_order()
    {
        // pip 23.2's vendored packaging 21.3 leaves the versioned none-any tag out of sys_tags(); pip adds it.
        Computed(CPython311()).Where(t => t != "cp311-none-any")
            .Should().Equal(Snapshot("packaging-sys-tags-cp311-glibc236-x86_64.txt"));
    }

    [Fact]
    public void A_32_bit_CPython_on_an_x86_64_kernel_gets_i686_tags_as_pip_would()
    {
        Computed(CPython311(pointerBits: 32)).Should().Equal(Snapshot("pip-supported-tags-cp311-glibc236-i686.txt"));
    }

    [Fact]
    public void CPython_on_musl_gets_musllinux_tags_instead_of_manylinux_as_pip_would()
    {
        Computed(CPython311(libcName: "musl", libcVersion: "1.2.4")).Should().Equal(Snapshot("pip-supported-tags-cp311-musl12-x86_64.txt"));
    }

    [Fact]
    public void The_interpreters_own_ABI_on_the_newest_glibc_comes_first()
    {
        Computed(CPython311()).Take(3).Should().Equal(
            "cp311-cp311-manylinux_2_36_x86_64", "cp311-cp311-manylinux_2_35_x86_64", "cp311-cp311-manylinux_2_34_x86_64");
    }

    [Fact]
    public void The_ABI_groups_come_in_pips_order()
    {
        var tags = Computed(CPython311());

        // 36 platforms: manylinux_2_36 .. 2_5 (32), three legacy aliases, linux_x86_64.
        IndexOf(tags, "cp311-cp311-linux_x86_64").Should().Be(35);
        IndexOf(tags, "cp311-abi3-manylinux_2_36_x86_64").Should().Be(36);
        IndexOf(tags, "cp311-none-manylinux_2_36_x86_64").Should().Be(72);
        IndexOf(tags, "cp310-abi3-manylinux_2_36_x86_64").Should().Be(108);
        IndexOf(tags, "cp32-abi3-linux_x86_64").Should().Be(431);
        IndexOf(tags, "py311-none-manylinux_2_36_x86_64").Should().Be(432);
        IndexOf(tags, "py3-none-manylinux_2_36_x86_64").Should().Be(468);
        IndexOf(tags, "cp311-none-any").Should().Be(900);
        IndexOf(tags, "py311-none-any").Should().Be(901);
        IndexOf(tags, "py3-none-any").Should().Be(902);
        tags[^1].Should().Be("py30-none-any");
        tags.Should().HaveCount(914).And.OnlyHaveUniqueItems();
        tags.Should().NotContain("cp31-abi3-linux_x86_64");
    }

    [Fact]
    public void Legacy_manylinux_aliases_follow_the_glibc_version_they_stand_for()
    {
        var tags = Computed(CPython311());

        IndexOf(tags, "cp311-cp311-manylinux2014_x86_64").Should().Be(IndexOf(tags, "cp311-cp311-manylinux_2_17_x86_64") + 1);
        IndexOf(tags, "cp311-cp311-manylinux2010_x86_64").Should().Be(IndexOf(tags, "cp311-cp311-manylinux_2_12_x86_64") + 1);
        IndexOf(tags, "cp311-cp311-manylinux1_x86_64").Should().Be(IndexOf(tags, "cp311-cp311-manylinux_2_5_x86_64") + 1);
        tags.Should().NotContain("cp311-cp311-manylinux_2_4_x86_64");
    }

    [Fact]
    public void Aarch64_stops_at_glibc_2_17_and_has_only_the_manylinux2014_alias()
    {
        var platforms = CompatibilityTags.ForInterpreter(CPython311(platform: "linux-aarch64")).Tags
            .Where(t => t is { Python: "cp311", Abi: "cp311" }).Select(t => t.Platform).ToList();

        platforms.Should().StartWith("manylinux_2_36_aarch64")
            .And.ContainInOrder("manylinux_2_17_aarch64", "manylinux2014_aarch64", "linux_aarch64")
            .And.HaveCount(36 - 17 + 1 + 1 + 1);
    }

    [Fact]
    public void A_manylinux_2_17_wheel_installs_on_glibc_2_36_but_not_on_glibc_2_12()
    {
        var wheel = WheelFilename.Parse("numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");

        CompatibilityTags.ForInterpreter(CPython311(libcVersion: "2.36")).BestPriority(wheel).Should().Be(19);
        CompatibilityTags.ForInterpreter(CPython311(libcVersion: "2.12")).BestPriority(wheel).Should().BeNull();
    }

    [Fact]
    public void A_wheel_ranks_by_its_best_tag()
    {
        var tags = CompatibilityTags.ForInterpreter(CPython311());
        var universal = WheelFilename.Parse("six-1.16.0-py2.py3-none-any.whl");

        tags.BestPriority(universal).Should().Be(tags.Priority(new CompatibilityTag("py3", "none", "any")));
        tags.IsCompatible(WheelFilename.Parse("pkg-1.0-cp311-cp311-win_amd64.whl")).Should().BeFalse();
        tags.Priority(new CompatibilityTag("cp311", "abi3", "manylinux_2_17_x86_64"))!.Value
            .Should().BeLessThan(tags.Priority(new CompatibilityTag("cp311", "none", "manylinux_2_36_x86_64"))!.Value);
    }

    [Fact]
    public void A_debug_build_also_accepts_release_build_extensions_after_its_own()
    {
        var tags = Computed(CPython311(abiflags: "d"));

        tags[0].Should().Be("cp311-cp311d-manylinux_2_36_x86_64");
        IndexOf(tags, "cp311-cp311-manylinux_2_36_x86_64").Should().Be(36);
        IndexOf(tags, "cp311-abi3-manylinux_2_36_x86_64").Should().Be(72);
    }

    [Fact]
    public void A_free_threaded_build_gets_no_abi3_tags()
    {
        var interpreter = CPython311(abiflags: "t") with { Minor = 13 };
        var tags = Computed(interpreter);

        tags[0].Should().Be("cp313-cp313t-manylinux_2_36_x86_64");
        tags.Should().NotContain(t => t.Contains("abi3"));
    }

    [Fact]
    public void An_unknown_libc_leaves_only_the_bare_linux_platform()
    {
        var tags = Computed(CPython311(libcName: null, libcVersion: null));

        tags.Take(3).Should().Equal("cp311-cp311-linux_x86_64", "cp311-abi3-linux_x86_64", "cp311-none-linux_x86_64");
    }

    [Fact]
    public void PyPy_gets_generic_tags_with_its_SOABI_then_none()
    {
        var pypy = CPython311() with { ImplementationName = "pypy", Minor = 10 };

        var tags = CompatibilityTags.ForInterpreter(pypy, soabi: "pypy310-pp73").Tags.Select(t => t.ToString()).ToList();

        tags[0].Should().Be("pp310-pypy310_pp73-manylinux_2_36_x86_64");
        IndexOf(tags, "pp310-none-manylinux_2_36_x86_64").Should().Be(36);
        IndexOf(tags, "pp310-none-any").Should().Be(IndexOf(tags, "py310-none-any") - 1);
        tags.Should().NotContain(t => t.StartsWith("cp", StringComparison.Ordinal));
    }

    [Fact]
    public void Windows_uses_the_normalised_sysconfig_platform()
    {
        var windows = CPython311(libcName: null, libcVersion: null, platform: "win-amd64");

        Computed(windows).Take(2).Should().Equal("cp311-cp311-win_amd64", "cp311-abi3-win_amd64");
    }

    [Fact]
    public void A_repeated_tag_keeps_its_first_priority()
    {
        var any = new CompatibilityTag("py3", "none", "any");
        var tags = new CompatibilityTags([any, new CompatibilityTag("py2", "none", "any"), any]);

        tags.Tags.Should().HaveCount(2);
        tags.Priority(any).Should().Be(0);
    }
}
