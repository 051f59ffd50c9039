using Dataflow.Installer.Tests.Install;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Two distributions of one sync that install the same file: pip's copy stays, and the user is told.</summary>
public sealed class FileClashTests
{
    [Fact]
    public async Task A_file_two_distributions_install_ends_as_pip_leaves_it_with_a_warning_naming_both()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var folder = await sandbox.WriteWheelsAsync([.. new[] { ("clash-a", "A = 1\n"), ("clash-b", "B = 1\n") }.Select(pair =>
            new WheelBuilder(pair.Item1, "1.0").Add("clash/__init__.py", pair.Item2).Add($"clash/{pair.Item1[^1]}.py", "")
                .Add("shared/__init__.py", "# the same bytes in both: no clash\n"))]);
        // pip installs distributions that do not depend on each other in descending name order, whatever the file's order.
        var requirements = sandbox.WriteRequirements("requirements.txt", "clash-a==1.0", "clash-b==1.0");

        var sync = await sandbox.SyncAsync(requirements, "-f", folder, "--no-index");

        sync.ShouldSucceed().Stderr.Should().Contain("clash-a and clash-b both install 'clash/__init__.py' with different contents; clash-a's copy is kept")
            .And.NotContain("shared/__init__.py");
        File.ReadAllText(Path.Combine(sandbox.SitePackages, "clash", "__init__.py")).Should().Be("A = 1\n");
        await sandbox.PipCheckShouldPassAsync();
    }
}
