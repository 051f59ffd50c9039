using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Install;

public sealed class TargetSurveyTests
{
    [Fact]
    public void Existing_files_and_links_are_found_and_only_the_topmost_missing_folders_are_listed()
    {
        using var root = new TemporaryDirectory();
        var prefix = root.Combine("env");
        var lib = Path.Combine(prefix, "lib");
        Directory.CreateDirectory(Path.Combine(lib, "folder-in-the-way"));
        File.WriteAllText(Path.Combine(lib, "present.py"), "");
        File.CreateSymbolicLink(Path.Combine(lib, "dangling"), Path.Combine(lib, "nowhere"));
        string[] targets =
        [
            Path.Combine(lib, "present.py"),
            Path.Combine(lib, "absent.py"),
            Path.Combine(lib, "dangling"),
            Path.Combine(lib, "folder-in-the-way"),
            Path.Combine(lib, "new", "deeper", "a.py"),
            Path.Combine(lib, "new", "b.py"),
            Path.Combine(lib, "present.py"),
        ];

        var survey = TargetSurvey.Of(targets, prefix);

        survey.Targets.Should().Equal(targets);
        survey.Existing.Should().Equal(Path.Combine(lib, "present.py"), Path.Combine(lib, "dangling"));
        survey.CreatedDirectories.Should().Equal(Path.Combine(lib, "new"));
    }

    [Fact]
    public void A_folder_under_a_missing_folder_is_known_missing_without_being_listed()
    {
        using var root = new TemporaryDirectory();
        var prefix = root.Combine("env");
        Directory.CreateDirectory(prefix);

        var survey = TargetSurvey.Of([Path.Combine(prefix, "a", "b", "c", "x.py"), Path.Combine(prefix, "a", "y.py")], prefix);

        survey.Existing.Should().BeEmpty();
        survey.CreatedDirectories.Should().Equal(Path.Combine(prefix, "a"));
    }
}
