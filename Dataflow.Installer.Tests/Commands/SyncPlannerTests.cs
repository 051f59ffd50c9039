using Dataflow.Installer.Commands;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Requirements;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Commands;

public sealed class SyncPlannerTests : IDisposable
{
    private readonly TemporaryDirectory _sitePackages = new();

    public void Dispose() => _sitePackages.Dispose();

    private static WantedDistribution Wanted(string name, string specifier = "", Uri? directUrl = null) =>
        new(PackageName.Parse(name), VersionSpecifierSet.Parse(specifier), [], directUrl, new SourceLocation("requirements.txt", 1));

    private InstalledDistribution Installed(string name, string version, string? directUrlJson = null)
    {
        var distInfo = _sitePackages.Combine($"{name}-{version}.dist-info");
        Directory.CreateDirectory(distInfo);
        if (directUrlJson is not null)
        {
            File.WriteAllText(Path.Combine(distInfo, "direct_url.json"), directUrlJson);
        }
        return new InstalledDistribution(name, version, distInfo);
    }

    [Fact]
    public void An_installed_distribution_that_satisfies_its_requirement_is_unchanged()
    {
        var attrs = Installed("attrs", "23.1.0");

        var decision = SyncPlanner.Decide([Wanted("attrs", "==23.1.0")], [attrs], reinstall: false, exact: false);

        decision.Unchanged.Should().Equal(attrs);
        decision.ToFetch.Should().BeEmpty();
        decision.Removals.Should().BeEmpty();
    }

    [Fact]
    public void Installed_names_are_matched_after_normalisation()
    {
        var zope = Installed("Zope.Interface", "6.0");

        var decision = SyncPlanner.Decide([Wanted("zope-interface", "==6.0")], [zope], reinstall: false, exact: false);

        decision.Unchanged.Should().Equal(zope);
    }

    [Fact]
    public void Another_installed_version_is_fetched_and_replaced()
    {
        var attrs = Installed("attrs", "22.2.0");
        var wanted = Wanted("attrs", "==23.1.0");

        var decision = SyncPlanner.Decide([wanted], [attrs], reinstall: false, exact: false);

        decision.ToFetch.Should().ContainSingle();
        decision.ToFetch[0].Wanted.Should().Be(wanted);
        decision.ToFetch[0].Replaces.Should().Be(attrs);
        decision.Unchanged.Should().BeEmpty();
        decision.Removals.Should().BeEmpty();
    }

    [Fact]
    public void A_missing_distribution_is_fetched_replacing_nothing()
    {
        var decision = SyncPlanner.Decide([Wanted("attrs", "==23.1.0")], [], reinstall: false, exact: false);

        decision.ToFetch.Should().ContainSingle().Which.Replaces.Should().BeNull();
    }

    [Fact]
    public void An_installed_pre_release_satisfies_a_specifier_that_contains_it()
    {
        var beta = Installed("alpha", "2.0b1");

        var decision = SyncPlanner.Decide([Wanted("alpha", ">=1.0")], [beta], reinstall: false, exact: false);

        decision.Unchanged.Should().Equal(beta);
    }

    [Fact]
    public void Extraneous_distributions_are_removed()
    {
        var attrs = Installed("attrs", "23.1.0");
        var six = Installed("six", "1.16.0");

        var decision = SyncPlanner.Decide([Wanted("attrs", "==23.1.0")], [attrs, six], reinstall: false, exact: false);

        decision.Removals.Should().Equal(six);
    }

    [Fact]
    public void Pip_setuptools_and_wheel_are_kept_unless_exact()
    {
        var seeds = new[] { Installed("pip", "23.2.1"), Installed("setuptools", "68.0.0"), Installed("wheel", "0.41.0") };

        SyncPlanner.Decide([], seeds, reinstall: false, exact: false).Removals.Should().BeEmpty();
        SyncPlanner.Decide([], seeds, reinstall: false, exact: true).Removals.Should().BeEquivalentTo(seeds);
    }

    [Fact]
    public void Reinstall_fetches_even_a_satisfying_distribution()
    {
        var attrs = Installed("attrs", "23.1.0");

        var decision = SyncPlanner.Decide([Wanted("attrs", "==23.1.0")], [attrs], reinstall: true, exact: false);

        decision.ToFetch.Should().ContainSingle().Which.Replaces.Should().Be(attrs);
        decision.Unchanged.Should().BeEmpty();
    }

    [Fact]
    public void Reinstall_package_fetches_the_named_distributions_and_keeps_the_others()
    {
        var attrs = Installed("attrs", "23.1.0");
        var six = Installed("six", "1.16.0");

        var decision = SyncPlanner.Decide([Wanted("attrs", "==23.1.0"), Wanted("six", "==1.16.0")], [attrs, six], reinstall: false, exact: false,
            reinstallPackages: new HashSet<PackageName> { PackageName.Parse("ATTRS") });

        decision.ToFetch.Should().ContainSingle().Which.Replaces.Should().Be(attrs);
        decision.Unchanged.Should().Equal(six);
    }

    [Fact]
    public void A_second_metadata_folder_for_the_same_project_is_removed()
    {
        var kept = Installed("attrs", "23.1.0");
        var stale = Installed("attrs", "22.2.0");

        var decision = SyncPlanner.Decide([Wanted("attrs", "==23.1.0")], [kept, stale], reinstall: false, exact: false);

        decision.Unchanged.Should().Equal(kept);
        decision.Removals.Should().Equal(stale);
    }

    [Fact]
    public void A_direct_url_requirement_matching_the_recorded_direct_url_is_unchanged()
    {
        var url = new Uri("file:///x/alpha-1.0-py3-none-any.whl");
        var alpha = Installed("alpha", "1.0", """{"archive_info": {}, "url": "file:///x/alpha-1.0-py3-none-any.whl"}""");

        var decision = SyncPlanner.Decide([Wanted("alpha", directUrl: url)], [alpha], reinstall: false, exact: false);

        decision.Unchanged.Should().Equal(alpha);
    }

    [Fact]
    public void A_direct_url_requirement_for_another_url_is_fetched()
    {
        var url = new Uri("file:///x/alpha-1.0-py3-none-any.whl");
        var alpha = Installed("alpha", "1.0", """{"archive_info": {}, "url": "file:///elsewhere/alpha-1.0-py3-none-any.whl"}""");

        var decision = SyncPlanner.Decide([Wanted("alpha", directUrl: url)], [alpha], reinstall: false, exact: false);

        decision.ToFetch.Should().ContainSingle().Which.Replaces.Should().Be(alpha);
    }

    [Fact]
    public void A_direct_url_requirement_is_fetched_when_the_installed_one_came_from_an_index()
    {
        var alpha = Installed("alpha", "1.0");

        var decision = SyncPlanner.Decide([Wanted("alpha", directUrl: new Uri("file:///x/alpha-1.0-py3-none-any.whl"))], [alpha], reinstall: false, exact: false);

        decision.ToFetch.Should().ContainSingle();
    }

    [Fact]
    public void An_installed_distribution_from_a_url_is_replaced_when_the_requirement_names_no_url()
    {
        var alpha = Installed("alpha", "1.0", """{"archive_info": {}, "url": "file:///x/alpha-1.0-py3-none-any.whl"}""");

        var decision = SyncPlanner.Decide([Wanted("alpha", "==1.0")], [alpha], reinstall: false, exact: false);

        decision.ToFetch.Should().ContainSingle().Which.Replaces.Should().Be(alpha);
    }

    [Fact]
    public void A_malformed_direct_url_json_counts_as_no_url()
    {
        var alpha = Installed("alpha", "1.0", "{ not json");

        var decision = SyncPlanner.Decide([Wanted("alpha", "==1.0")], [alpha], reinstall: false, exact: false);

        decision.Unchanged.Should().Equal(alpha);
    }

    private WantedDistribution Folder(string name, bool editable)
    {
        var folder = _sitePackages.Combine("src", name);
        Directory.CreateDirectory(folder);
        if (!File.Exists(Path.Combine(folder, "pyproject.toml")))
        {
            File.WriteAllText(Path.Combine(folder, "pyproject.toml"), $"[project]\nname = \"{name}\"\n");
            File.SetLastWriteTimeUtc(Path.Combine(folder, "pyproject.toml"), DateTime.UtcNow.AddMinutes(-10));
        }
        return Wanted(name, directUrl: new Uri(folder)) with { SourceFolder = folder, Editable = editable };
    }

    [Fact]
    public void An_editable_install_from_the_same_folder_is_unchanged()
    {
        var wanted = Folder("app", editable: true);
        var app = Installed("app", "0.1", $"{{\"dir_info\": {{\"editable\": true}}, \"url\": \"{new Uri(wanted.SourceFolder!).AbsoluteUri}\"}}");

        var decision = SyncPlanner.Decide([wanted], [app], reinstall: false, exact: false);

        decision.Unchanged.Should().Equal(app);
        decision.ToFetch.Should().BeEmpty();
    }

    [Theory]
    [InlineData("pyproject.toml")]
    [InlineData("setup.py")]
    [InlineData("setup.cfg")]
    public void An_editable_install_is_replaced_once_its_folder_s_metadata_changed(string edited)
    {
        var wanted = Folder("app", editable: true);
        var app = Installed("app", "0.1", $"{{\"dir_info\": {{\"editable\": true}}, \"url\": \"{new Uri(wanted.SourceFolder!).AbsoluteUri}\"}}");
        File.SetLastWriteTimeUtc(Path.Combine(app.DistInfoPath, "direct_url.json"), DateTime.UtcNow.AddMinutes(-5));
        File.WriteAllText(Path.Combine(wanted.SourceFolder!, edited), "# changed\n");

        var decision = SyncPlanner.Decide([wanted], [app], reinstall: false, exact: false);

        decision.ToFetch.Should().ContainSingle().Which.Replaces.Should().Be(app);
    }

    [Theory]
    [InlineData("{{\"dir_info\": {{}}, \"url\": \"{0}\"}}", true)]
    [InlineData("{{\"dir_info\": {{\"editable\": true}}, \"url\": \"file:///elsewhere/app\"}}", true)]
    [InlineData(null, true)]
    [InlineData("{{\"dir_info\": {{\"editable\": true}}, \"url\": \"{0}\"}}", false)]
    [InlineData("{{\"dir_info\": {{}}, \"url\": \"{0}\"}}", false)]
    public void A_folder_is_built_again_unless_it_is_installed_in_place_from_the_same_folder(string? directUrlFormat, bool editable)
    {
        var wanted = Folder("app", editable);
        var json = directUrlFormat is null ? null : string.Format(System.Globalization.CultureInfo.InvariantCulture, directUrlFormat, new Uri(wanted.SourceFolder!).AbsoluteUri);
        var app = Installed("app", "0.1", json);

        var decision = SyncPlanner.Decide([wanted], [app], reinstall: false, exact: false);

        decision.ToFetch.Should().ContainSingle().Which.Replaces.Should().Be(app);
        decision.Unchanged.Should().BeEmpty();
    }

    [Fact]
    public void An_editable_install_is_replaced_by_the_index_s_release_when_the_requirement_names_no_folder()
    {
        var app = Installed("app", "0.1", "{\"dir_info\": {\"editable\": true}, \"url\": \"file:///src/app\"}");

        var decision = SyncPlanner.Decide([Wanted("app", "==0.1")], [app], reinstall: false, exact: false);

        decision.ToFetch.Should().ContainSingle().Which.Replaces.Should().Be(app);
    }

    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private static WantedDistribution Git(string name, string? revision, string? subdirectory = null) =>
        Wanted(name) with { Vcs = new VcsReference("https://git.example/" + name, revision, subdirectory, null) };

    private InstalledDistribution InstalledFromGit(string name, string? requested, string? subdirectory = null, string url = "https://git.example/app")
    {
        var requestedJson = requested is null ? "" : $"\"requested_revision\": \"{requested}\", ";
        var subdirectoryJson = subdirectory is null ? "" : $"\"subdirectory\": \"{subdirectory}\", ";
        return Installed(name, "1.0", $"{{{subdirectoryJson}\"url\": \"{url}\", \"vcs_info\": {{\"commit_id\": \"{Commit}\", {requestedJson}\"vcs\": \"git\"}}}}");
    }

    [Theory]
    [InlineData("v1.0", "v1.0")]
    [InlineData(null, null)]
    [InlineData(Commit, "main")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF01234567", null)]
    public void A_git_install_of_the_same_repository_and_revision_is_unchanged(string? wanted, string? recorded)
    {
        var app = InstalledFromGit("app", recorded);

        var decision = SyncPlanner.Decide([Git("app", wanted)], [app], reinstall: false, exact: false);

        decision.Unchanged.Should().Equal(app);
    }

    [Theory]
    [InlineData("v1.1", "v1.0", null, null, "https://git.example/app")]
    [InlineData(null, "main", null, null, "https://git.example/app")]
    [InlineData("fedcba9876543210fedcba9876543210fedcba98", null, null, null, "https://git.example/app")]
    [InlineData("v1.0", "v1.0", "pkg", null, "https://git.example/app")]
    [InlineData("v1.0", "v1.0", null, null, "https://git.example/fork")]
    public void A_git_install_of_another_revision_repository_or_folder_is_replaced(string? wanted, string? recorded, string? wantedFolder, string? recordedFolder, string url)
    {
        var app = InstalledFromGit("app", recorded, recordedFolder, url);

        var decision = SyncPlanner.Decide([Git("app", wanted, wantedFolder)], [app], reinstall: false, exact: false);

        decision.ToFetch.Should().ContainSingle().Which.Replaces.Should().Be(app);
    }

    [Fact]
    public void An_index_install_is_replaced_by_a_git_requirement()
    {
        var app = Installed("app", "1.0");

        var decision = SyncPlanner.Decide([Git("app", "v1.0")], [app], reinstall: false, exact: false);

        decision.ToFetch.Should().ContainSingle().Which.Replaces.Should().Be(app);
    }

    [Fact]
    public void A_develop_install_is_replaced_even_when_its_version_satisfies_and_removed_when_not_listed()
    {
        var develop = new InstalledDistribution("devel", "1.0", _sitePackages.Combine("project", "devel.egg-info"), IsEggInfo: true, EggLink: _sitePackages.Combine("devel.egg-link"));
        var other = new InstalledDistribution("other", "1.0", _sitePackages.Combine("other", "other.egg-info"), IsEggInfo: true, EggLink: _sitePackages.Combine("other.egg-link"));

        var decision = SyncPlanner.Decide([Wanted("devel", "==1.0")], [develop, other], reinstall: false, exact: false);

        decision.Unchanged.Should().BeEmpty();
        decision.ToFetch.Should().ContainSingle().Which.Replaces.Should().Be(develop);
        decision.Removals.Should().Equal(other);
    }
}
