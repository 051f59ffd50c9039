using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Standards;

public sealed class EnvironmentMarkersTests
{
    [Fact]
    public async Task The_interpreter_query_reports_every_marker_variable_of_the_real_interpreter()
    {
        var python = Dataflow.Installer.Environments.TargetEnvironment.FindOnPath("python3");
        var query = await Dataflow.Installer.Environments.PythonInterpreter.QueryAsync(python, cacheRoot: null, CancellationToken.None);
        var environment = query.Info.MarkerEnvironment;

        EnvironmentMarkers.MissingVariables(environment).Should().BeEmpty();
        environment["implementation_name"].Should().Be("cpython");
        PackageVersion.Parse(environment["python_full_version"]).Major.Should().Be(3);
        MarkerExpression.Parse("python_version >= '3.8' and implementation_name == 'cpython'").Evaluate(environment).Should().BeTrue();
    }

    [Fact]
    public void No_marker_always_applies()
    {
        EnvironmentMarkers.Evaluate(null, new Dictionary<string, string>()).Should().BeTrue();
    }

    [Fact]
    public void A_marker_guarded_by_an_extra_applies_only_when_the_extra_is_requested()
    {
        var marker = MarkerExpression.Parse("extra == 'docs'");
        var environment = new Dictionary<string, string>();

        EnvironmentMarkers.Evaluate(marker, environment).Should().BeFalse();
        EnvironmentMarkers.Evaluate(marker, environment, ["docs"]).Should().BeTrue();
    }

    [Fact]
    public void Missing_variables_are_listed()
    {
        EnvironmentMarkers.MissingVariables(new Dictionary<string, string> { ["os_name"] = "posix" })
            .Should().HaveCount(MarkerVariables.EnvironmentNames.Count - 1).And.NotContain("os_name");
    }
}
