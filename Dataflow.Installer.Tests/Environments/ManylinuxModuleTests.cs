using Dataflow.Installer.Environments;
using Dataflow.Installer.Tests.EndToEnd;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Environments;

/// <summary>
/// PEP 600: a <c>_manylinux</c> module the interpreter can import decides which manylinux wheels it takes. Checked
/// against pip 23.2's own tag list in a real venv holding such a module.
/// </summary>
public sealed class ManylinuxModuleTests : IDisposable
{
    private const string RefusingFrom228 =
        "def manylinux_compatible(major, minor, arch):\n    if (major, minor) >= (2, 28):\n        return False\n    return None\n";

    // The three shapes the PEP and pypa/packaging know: the function (None = "no opinion"), the legacy attributes
    // alone, and what the no-manylinux distribution installs (everything refused).
    public static TheoryData<string, string> Modules => new()
    {
        { "function", RefusingFrom228 },
        { "legacy attributes", "manylinux2014_compatible = False\nmanylinux1_compatible = False\n" },
        {
            "no-manylinux",
            "manylinux1_compatible = False\nmanylinux2010_compatible = False\nmanylinux2014_compatible = False\n\n" +
            "def manylinux_compatible(*_, **__):\n    return False\n"
        },
    };

    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private string Cache => _work.Combine("cache");

    private async Task<string> MakeVenvAsync()
    {
        var prefix = _work.Combine("venv");
        (await ChildProcess.RunAsync("python3", ["-m", "venv", "--without-pip", prefix])).ShouldSucceed();
        return Path.Combine(prefix, "bin", "python");
    }

    private static async Task<string> SitePackagesAsync(string python) =>
        (await ChildProcess.RunAsync(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])).ShouldSucceed().Stdout.Trim();

    private static async Task<InterpreterInfo> QueryAsync(string python, string? cache) =>
        (await PythonInterpreter.QueryAsync(python, cache, CancellationToken.None)).Info;

    private static List<string> Tags(InterpreterInfo info) =>
        CompatibilityTags.ForInterpreter(info).Tags.Select(tag => tag.ToString()).ToList();

    /// <summary>What pip 23.2 ranks wheels by, computed by the venv's interpreter (so with its <c>_manylinux</c>).</summary>
    private static async Task<string[]> PipTagsAsync(string python)
    {
        var pipParent = (await ChildProcess.RunAsync("python3", ["-c", "import os, pip; print(os.path.dirname(os.path.dirname(pip.__file__)))"]))
            .ShouldSucceed().Stdout.Trim();
        var code = $"import sys; sys.path.append({System.Text.Json.JsonSerializer.Serialize(pipParent)}); " +
                   "from pip._internal.utils.compatibility_tags import get_supported; print('\\n'.join(str(t) for t in get_supported()))";
        return (await ChildProcess.RunAsync(python, ["-c", code])).ShouldSucceed().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task The_tags_follow_the_interpreters_manylinux_module_exactly_as_pip_ranks_them(string shape, string source)
    {
        var python = await MakeVenvAsync();
        await File.WriteAllTextAsync(Path.Combine(await SitePackagesAsync(python), "_manylinux.py"), source);

        var info = await QueryAsync(python, cache: null);

        info.Manylinux.Should().NotBeNull(shape);
        Tags(info).Should().Equal(await PipTagsAsync(python), shape);
    }

    [Fact]
    public async Task Without_a_manylinux_module_every_manylinux_tag_of_the_glibc_is_kept()
    {
        var python = await MakeVenvAsync();

        var info = await QueryAsync(python, cache: null);

        info.Manylinux.Should().BeNull();
        Tags(info).Should().Contain("cp311-cp311-manylinux_2_28_x86_64").And.Contain("cp311-cp311-manylinux2014_x86_64")
            .And.Equal(await PipTagsAsync(python));
    }

    [Fact]
    public async Task A_refusing_module_leaves_out_the_versions_and_their_legacy_aliases_and_keeps_the_rest()
    {
        var python = await MakeVenvAsync();
        await File.WriteAllTextAsync(Path.Combine(await SitePackagesAsync(python), "_manylinux.py"), RefusingFrom228);

        var tags = Tags(await QueryAsync(python, cache: null));

        tags.Should().NotContain(tag => tag.Contains("manylinux_2_28_") || tag.Contains("manylinux_2_35_"));
        tags.Should().Contain(["cp311-cp311-manylinux_2_27_x86_64", "cp311-cp311-manylinux2014_x86_64", "cp311-cp311-manylinux1_x86_64", "cp311-cp311-linux_x86_64"]);
    }

    [Fact]
    public async Task A_cached_answer_is_asked_again_when_a_module_appears_in_the_environment_or_goes()
    {
        var python = await MakeVenvAsync();
        var module = Path.Combine(await SitePackagesAsync(python), "_manylinux.py");
        var before = await QueryAsync(python, Cache);

        await File.WriteAllTextAsync(module, "def manylinux_compatible(*_):\n    return False\n");
        var added = await QueryAsync(python, Cache);
        File.Delete(module);
        var removed = await QueryAsync(python, Cache);

        before.Manylinux.Should().BeNull();
        added.Manylinux.Should().NotBeNull();
        added.Manylinux!.File.Should().Be(module);
        Tags(added).Should().NotContain(tag => tag.Contains("manylinux"));
        removed.Manylinux.Should().BeNull();
        Tags(removed).Should().Equal(Tags(before));
    }
}
