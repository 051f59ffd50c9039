using Dataflow.Installer.Commands;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Commands;

public sealed class SyncSummaryTests
{
    private static InstalledDistribution Distribution(string name, string version) => new(name, version, $"/venv/{name}-{version}.dist-info");

    [Fact]
    public void Versions_are_shown_in_PEP_440_normal_form_as_pip_and_uv_show_them()
    {
        var plan = new EnvironmentPlan("/venv", TestInterpreters.CPython311Glibc, [], [], []);
        var result = new EnvironmentResult(plan, [Distribution("Dated", "2020.01.01"), Distribution("odd", "not a version")], [Distribution("legacy", "1.0RC1")], []);
        using var output = new StringWriter();

        SyncSummary.WriteResult(output, result, TimeSpan.FromSeconds(0.5));

        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "Uninstalled 1 package",
            "Installed 2 packages in 0.50s",
            " + dated==2020.1.1",
            " - legacy==1.0rc1",
            " + odd==not a version");
    }
}
