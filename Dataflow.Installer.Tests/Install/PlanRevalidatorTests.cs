using Dataflow.Installer.Environments;
using Dataflow.Installer.Install;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Pipeline;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Install;

public sealed class PlanRevalidatorTests : IDisposable
{
    private readonly TemporaryDirectory _sitePackages = new();

    public void Dispose() => _sitePackages.Dispose();

    [Fact]
    public void A_plan_for_an_environment_that_did_not_change_is_returned_as_it_is()
    {
        var plan = PipelineTestData.Plan("env", PipelineTestData.Wheel("alpha"));

        PlanRevalidator.Revalidate(plan, []).Should().BeSameAs(plan);
    }

    [Fact]
    public void What_another_run_installed_meanwhile_as_planned_is_kept_not_installed_again()
    {
        var plan = PipelineTestData.Plan("env", PipelineTestData.Wheel("alpha"), PipelineTestData.Wheel("beta"));
        var alpha = Installed("alpha", "1.0");
        var beta = Installed("beta", "1.0.0");

        var work = PlanRevalidator.Revalidate(plan, [alpha, beta]);

        work.Installs.Should().BeEmpty("1.0.0 is 1.0 (PEP 440)");
        work.Unchanged.Should().BeEquivalentTo([alpha, beta]);
        work.Removals.Should().BeEmpty();
    }

    [Fact]
    public void Another_version_installed_meanwhile_is_replaced()
    {
        var plan = PipelineTestData.Plan("env", PipelineTestData.Wheel("alpha"));
        var other = Installed("alpha", "2.0");

        var work = PlanRevalidator.Revalidate(plan, [other]);

        work.Installs.Should().ContainSingle().Which.Replaces.Should().Be(other);
        work.Unchanged.Should().BeEmpty();
    }

    [Fact]
    public void With_reinstall_what_arrived_as_planned_is_still_replaced()
    {
        var plan = PipelineTestData.Plan("env", PipelineTestData.Wheel("alpha")) with { Reinstall = true };
        var alpha = Installed("alpha", "1.0");

        var work = PlanRevalidator.Revalidate(plan, [alpha]);

        work.Installs.Should().ContainSingle().Which.Replaces.Should().Be(alpha);
    }

    [Fact]
    public void With_reinstall_package_what_arrived_as_planned_is_replaced_for_the_named_distributions_only()
    {
        var plan = PipelineTestData.Plan("env", PipelineTestData.Wheel("alpha"), PipelineTestData.Wheel("beta")) with { ReinstallPackages = new HashSet<PackageName> { PackageName.Parse("alpha") } };
        var alpha = Installed("alpha", "1.0");
        var beta = Installed("beta", "1.0");

        var work = PlanRevalidator.Revalidate(plan, [alpha, beta]);

        work.Installs.Should().ContainSingle().Which.Replaces.Should().Be(alpha);
        work.Unchanged.Should().Equal(beta);
    }

    [Fact]
    public void The_same_version_installed_from_a_url_is_replaced_by_the_index_one_and_the_other_way_round()
    {
        var fromIndex = PipelineTestData.Plan("env", PipelineTestData.Wheel("alpha"));
        var viaUrl = Installed("alpha", "1.0", directUrl: "https://elsewhere.example/alpha-1.0-py3-none-any.whl");
        PlanRevalidator.Revalidate(fromIndex, [viaUrl]).Installs.Should().ContainSingle().Which.Replaces.Should().Be(viaUrl);

        var artifact = PipelineTestData.Wheel("beta");
        var direct = PipelineTestData.Plan("env2", artifact) with { Installs = [new PlannedInstall(artifact, null, IsDirectReference: true)] };
        var sameUrl = Installed("beta", "1.0", directUrl: DirectUrl.Recorded(artifact.Url));
        PlanRevalidator.Revalidate(direct, [sameUrl]).Installs.Should().BeEmpty("the same archive's URL is recorded");
        var fromIndexBeta = Installed("beta", "1.0", folder: "other");
        PlanRevalidator.Revalidate(direct, [fromIndexBeta]).Installs.Should().ContainSingle();
    }

    [Fact]
    public void Two_metadata_folders_for_the_planned_project_are_not_taken_for_it()
    {
        var plan = PipelineTestData.Plan("env", PipelineTestData.Wheel("alpha"));
        var first = Installed("alpha", "1.0");
        var second = Installed("Alpha", "1.0", folder: "second");

        var work = PlanRevalidator.Revalidate(plan, [first, second]);

        work.Installs.Should().ContainSingle();
        work.Unchanged.Should().BeEmpty();
    }

    private InstalledDistribution Installed(string name, string version, string? directUrl = null, string folder = "")
    {
        var distInfo = Path.Combine(_sitePackages.Path, folder, $"{name}-{version}.dist-info");
        Directory.CreateDirectory(distInfo);
        if (directUrl is not null)
        {
            File.WriteAllText(Path.Combine(distInfo, "direct_url.json"), $"{{\"url\": \"{directUrl}\", \"archive_info\": {{}}}}");
        }
        return new InstalledDistribution(name, version, distInfo);
    }
}
