using System.Diagnostics;
using Dataflow.Installer.Inspect;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Inspect;

/// <summary>pip freeze's lines for editable installs in git checkouts (each case checked against pip 23.2 by hand, and in InspectionTests).</summary>
public sealed class GitEditableSourceTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static void Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-c", "user.email=t@example.org", "-c", "user.name=t", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"git {string.Join(' ', arguments)}: {process.StandardError.ReadToEnd()}");
    }

    // A repository holding a src-layout project in "sub/project".
    private (string Root, string Location) Checkout(bool commit = true)
    {
        var root = _directory.Combine("repo");
        var project = Path.Combine(root, "sub", "project");
        Directory.CreateDirectory(Path.Combine(project, "src"));
        File.WriteAllText(Path.Combine(project, "setup.py"), "");
        Git(root, "init", "-q");
        if (commit)
        {
            Git(root, "add", "-A");
            Git(root, "commit", "-q", "-m", "init");
        }
        return (root, Path.Combine(project, "src"));
    }

    [Fact]
    public async Task A_folder_outside_any_checkout_is_left_to_the_caller()
    {
        (await GitEditableSource.DescribeAsync(_directory.Path, "demo", "demo==1.0", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_checkout_without_a_remote_gets_pips_comment()
    {
        var (_, location) = Checkout();

        (await GitEditableSource.DescribeAsync(location, "demo", "demo==1.0", CancellationToken.None)).Should().Be($"# Editable Git install with no remote (demo==1.0)\n-e {location}");
    }

    [Fact]
    public async Task Origin_wins_over_other_remotes_and_the_project_folder_becomes_the_subdirectory()
    {
        var (root, location) = Checkout();
        Git(root, "remote", "add", "aaa", "https://example.org/other.git");
        Git(root, "remote", "add", "origin", "git@example.org:team/demo.git");

        var text = await GitEditableSource.DescribeAsync(location, "my-demo", "my-demo==1.0", CancellationToken.None);

        text.Should().MatchRegex("^-e git\\+ssh://git@example.org/team/demo.git@[0-9a-f]{40}#egg=my_demo&subdirectory=sub/project$");
    }

    [Fact]
    public async Task A_checkout_without_a_commit_cannot_name_its_revision()
    {
        var (root, location) = Checkout(commit: false);
        Git(root, "remote", "add", "origin", "https://example.org/demo.git");

        (await GitEditableSource.DescribeAsync(location, "demo", "demo==1.0", CancellationToken.None)).Should().Be($"## !! Could not determine repository location\n-e {location}");
    }

    [Theory]
    [InlineData("https://example.org/a.git", "https://example.org/a.git")]
    [InlineData("ssh://git@example.org/a.git", "ssh://git@example.org/a.git")]
    [InlineData("git@example.org:team/a.git", "ssh://git@example.org/team/a.git")]
    [InlineData("example.org:a.git", "ssh://example.org/a.git")]
    [InlineData("not a url", null)]
    [InlineData("C:/not/scp", null)]
    public void Remotes_become_urls_as_pip_converts_them(string remote, string? expected)
    {
        GitEditableSource.ToPipUrl(remote).Should().Be(expected);
    }

    [Fact]
    public void A_local_bare_repository_becomes_a_file_uri()
    {
        GitEditableSource.ToPipUrl(_directory.Path).Should().Be(new Uri(_directory.Path).AbsoluteUri);
    }
}
