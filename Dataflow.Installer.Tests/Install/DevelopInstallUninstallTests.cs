using Dataflow.Installer.Environments;
using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Install;

/// <summary>
/// Legacy develop installs (<c>setup.py develop</c>, pip's <c>-e</c> before PEP 660), laid out as setuptools lays them
/// out: an <c>.egg-link</c> and an <c>easy-install.pth</c> line in site-packages, launchers in bin, metadata in the project.
/// </summary>
public sealed class DevelopInstallUninstallTests : IDisposable
{
    private readonly JournalEnvironment _env = new();
    private readonly TemporaryDirectory _projects = new();

    public void Dispose()
    {
        _env.Dispose();
        _projects.Dispose();
    }

    private string Pth => Path.Combine(_env.Purelib, "easy-install.pth");

    // A src-layout project developed into the environment: its src folder is what goes on sys.path.
    private InstalledDistribution Develop(string name, string version, params string[] scripts)
    {
        var location = _projects.Combine(name, "src");
        var eggInfo = Path.Combine(location, name + ".egg-info");
        Directory.CreateDirectory(eggInfo);
        Directory.CreateDirectory(Path.Combine(location, name.ToLowerInvariant()));
        File.WriteAllText(Path.Combine(location, name.ToLowerInvariant(), "__init__.py"), "def main(): pass\n");
        File.WriteAllText(Path.Combine(eggInfo, "PKG-INFO"), $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n");
        File.WriteAllText(
            Path.Combine(eggInfo, "entry_points.txt"),
            "[console_scripts]\n" + string.Concat(scripts.Select(script => $"{script} = {name.ToLowerInvariant()}:main\n")) + "\n[other.group]\nnot-a-script = x:y\n");
        foreach (var script in scripts)
        {
            File.WriteAllText(Path.Combine(_env.Scripts, script), "#!/usr/bin/python3\n# EASY-INSTALL-ENTRY-SCRIPT\n");
        }
        var eggLink = Path.Combine(_env.Purelib, name + ".egg-link");
        File.WriteAllText(eggLink, location + "\n../");
        File.AppendAllText(Pth, location + "\r\n");
        return SitePackages.ReadEggLink(eggLink)!;
    }

    [Fact]
    public async Task A_develop_install_loses_its_egg_link_its_pth_line_and_its_scripts_while_its_project_stays()
    {
        File.WriteAllText(Pth, "import sys; sys.__plen = len(sys.path)\r\n/somewhere/else\r\n");
        File.WriteAllText(Path.Combine(_env.Scripts, "unrelated"), "#!/bin/sh\n");
        var develop = Develop("Demo.Pkg", "1.2", "demo-cli", "demo-gui");
        File.AppendAllText(Pth, "# a comment\r\n");
        var project = Directory.GetFileSystemEntries(_projects.Path, "*", SearchOption.AllDirectories).Order().ToList();

        await new Uninstaller().UninstallAsync(develop, _env.Prefix, CancellationToken.None);

        File.Exists(develop.EggLink).Should().BeFalse();
        File.ReadAllText(Pth).Should().Be("import sys; sys.__plen = len(sys.path)\r\n/somewhere/else\r\n# a comment\r\n", "only the project's line goes, the rest byte for byte");
        Directory.GetFiles(_env.Scripts).Select(Path.GetFileName).Should().Equal("unrelated");
        Directory.GetFileSystemEntries(_projects.Path, "*", SearchOption.AllDirectories).Order().Should().Equal(project, "the project is the user's, not the environment's");
    }

    [Fact]
    public async Task Develop_installs_leaving_in_parallel_each_take_out_their_own_pth_line()
    {
        var developed = Enumerable.Range(0, 8).Select(i => Develop($"Proj{i}", "1.0", $"proj{i}")).ToList();
        File.AppendAllText(Pth, "/stays\r\n");

        await Parallel.ForEachAsync(developed, async (develop, token) =>
            await new Uninstaller().UninstallAsync(develop, _env.Prefix, token));

        File.ReadAllText(Pth).Should().Be("/stays\r\n");
        Directory.GetFiles(_env.Purelib, "*.egg-link").Should().BeEmpty();
    }

    [Fact]
    public async Task A_rolled_back_develop_uninstall_puts_back_the_egg_link_the_pth_file_and_the_scripts()
    {
        File.WriteAllText(Pth, "/first\n");
        var one = Develop("One", "1.0", "one");
        var two = Develop("Two", "2.0", "two");
        var before = await _env.SnapshotAsync();
        var pthBefore = File.ReadAllBytes(Pth);

        var journal = EnvironmentJournal.Begin(_env.Prefix);
        await new Uninstaller().UninstallAsync(one, journal, CancellationToken.None);
        await new Uninstaller().UninstallAsync(two, journal, CancellationToken.None);
        File.ReadAllText(Pth).Should().Be("/first\n");
        journal.Rollback();

        var after = await _env.SnapshotAsync();
        after.Folders.Should().Equal(before.Folders);
        after.Files.Paths.Should().Equal(before.Files.Paths);
        File.ReadAllBytes(Pth).Should().Equal(pthBefore);
        SitePackages.ReadInstalled(_env.Purelib, _env.Purelib).Select(d => d.Name).Should().BeEquivalentTo("One", "Two");
    }

    [Fact]
    public void A_develop_install_counts_as_removable_though_it_has_no_file_list()
    {
        var develop = Develop("Demo", "1.0");

        develop.CanBeRemoved.Should().BeTrue();
        new InstalledDistribution("legacy", "1.0", _projects.Combine("legacy-1.0-py3.11.egg-info"), IsEggInfo: true).CanBeRemoved.Should().BeFalse();
    }
}
