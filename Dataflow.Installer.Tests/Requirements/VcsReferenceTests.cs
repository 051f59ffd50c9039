using Dataflow.Installer.Requirements;

namespace Dataflow.Installer.Tests.Requirements;

public sealed class VcsReferenceTests
{
    [Theory]
    [InlineData("git+https://github.com/pypa/pip.git", "https://github.com/pypa/pip.git", null, null, null)]
    [InlineData("git+https://github.com/pypa/pip.git@23.2#egg=pip", "https://github.com/pypa/pip.git", "23.2", null, "pip")]
    [InlineData("git+ssh://git@github.com/org/repo.git@main#subdirectory=pkg/core&egg=core", "ssh://git@github.com/org/repo.git", "main", "pkg/core", "core")]
    [InlineData("git+file:///srv/repo@refs/pull/1/head", "file:///srv/repo", "refs/pull/1/head", null, null)]
    [InlineData("git+https://user:token@git.example/repo", "https://user:token@git.example/repo", null, null, null)]
    [InlineData("git+https://git.example/repo#subdirectory=.", "https://git.example/repo", null, ".", null)]
    [InlineData("GIT+HTTPS://git.example/repo@v1#subdirectory=pkg/", "https://git.example/repo", "v1", "pkg", null)]
    [InlineData("git+https://git.example/repo@v1?ref=x", "https://git.example/repo?ref=x", "v1", null, null)]
    public void A_git_url_is_split_into_repository_revision_subdirectory_and_egg_name_as_pip_splits_it(
        string text, string repository, string? revision, string? subdirectory, string? egg)
    {
        VcsReference.Parse(text).Should().Be(new VcsReference(repository, revision, subdirectory, egg));
    }

    [Theory]
    [InlineData("svn+https://svn.example/repo", "only git repositories are supported")]
    [InlineData("git+ftp://git.example/repo", "is not a git URL dfi can clone")]
    [InlineData("git+https://git.example/repo@", "has an empty revision")]
    [InlineData("git+https://git.example/repo#subdirectory=../elsewhere", "must be a relative folder inside the repository")]
    [InlineData("git+https://git.example/repo#subdirectory=", "must be a relative folder inside the repository")]
    [InlineData("git+file:///srv/repo@--upload-pack=touch", "is not a revision git can name")]
    [InlineData("git+ssh://git@github.com:org/repo.git", "is not a URL git can clone (an ssh address is written ssh://user@host/path)")]
    [InlineData("hg+https://user:s3cret@hg.example/repo", "'hg+https://****@hg.example/repo': only git")]
    public void A_url_dfi_cannot_clone_is_refused_saying_why(string text, string problem)
    {
        var parse = () => VcsReference.Parse(text);

        parse.Should().Throw<FormatException>().WithMessage($"*{problem}*");
    }

    [Theory]
    [InlineData("https://user:token@git.example/repo.git", "https://git.example/repo.git")]
    [InlineData("https://token@git.example/repo.git", "https://git.example/repo.git")]
    [InlineData("ssh://git@github.com/org/repo.git", "ssh://git@github.com/org/repo.git")]
    [InlineData("file:///srv/repo", "file:///srv/repo")]
    public void The_recorded_url_drops_credentials_but_keeps_the_git_user_as_pip_does(string repository, string recorded)
    {
        new VcsReference(repository, null, null, null).Recorded.Should().Be(recorded);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef01234567", true)]
    [InlineData("0123456789ABCDEF0123456789ABCDEF01234567", true)]
    [InlineData("0123456789abcdef", false)]
    [InlineData("v1.0", false)]
    [InlineData(null, false)]
    public void Only_a_full_commit_id_names_a_tree_forever(string? revision, bool isCommit)
    {
        new VcsReference("https://git.example/repo", revision, null, null).IsCommit.Should().Be(isCommit);
    }

    [Theory]
    [InlineData("git+https://host/repo", true)]
    [InlineData("GIT+ssh://host/repo", true)]
    [InlineData("hg+https://host/repo", true)]
    [InlineData("https://host/a+b.whl", false)]
    [InlineData("file:///x/git+y", false)]
    public void Version_control_urls_are_told_by_their_prefix(string text, bool looks)
    {
        VcsReference.Looks(text).Should().Be(looks);
    }

    [Theory]
    [InlineData("git+https://user:s3cret@git.example/repo", "git+https://****@git.example/repo")]
    [InlineData("git+ssh://git@github.com/org/repo", "git+ssh://git@github.com/org/repo")]
    [InlineData("git+https://git.example/a@b", "git+https://git.example/a@b")]
    public void Messages_show_a_url_without_its_password_or_token(string url, string shown)
    {
        VcsReference.Redacted(url).Should().Be(shown);
    }
}
