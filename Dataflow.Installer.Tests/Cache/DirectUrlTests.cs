using System.Text.Json;
using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Tests.Cache;

/// <summary>PEP 610 <c>direct_url.json</c>, which the cache's installs record for archives named by URL.</summary>
public sealed class DirectUrlTests
{
    private static readonly string Sha = new('f', 64);

    [Fact]
    public void The_json_is_a_pep_610_archive_record()
    {
        using var document = JsonDocument.Parse(DirectUrl.Json(new Uri("https://files.example/alpha-1.0-py3-none-any.whl"), Sha));
        var root = document.RootElement;

        root.GetProperty("url").GetString().Should().Be("https://files.example/alpha-1.0-py3-none-any.whl");
        var archive = root.GetProperty("archive_info");
        archive.GetProperty("hash").GetString().Should().Be($"sha256={Sha}");
        archive.GetProperty("hashes").GetProperty("sha256").GetString().Should().Be(Sha);
        root.TryGetProperty("dir_info", out _).Should().BeFalse();
        root.TryGetProperty("vcs_info", out _).Should().BeFalse();
    }

    [Fact]
    public void Credentials_are_stripped_from_the_recorded_url()
    {
        var json = DirectUrl.Json(new Uri("https://user:s3cret@files.example/alpha-1.0-py3-none-any.whl"), Sha);

        json.Should().NotContain("s3cret").And.NotContain("user");
        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("url").GetString().Should().Be("https://files.example/alpha-1.0-py3-none-any.whl");
    }

    [Fact]
    public void A_fragment_is_not_recorded()
    {
        DirectUrl.Recorded(new Uri($"https://files.example/alpha-1.0-py3-none-any.whl#sha256={Sha}"))
            .Should().Be("https://files.example/alpha-1.0-py3-none-any.whl");
        DirectUrl.Recorded(new Uri($"https://u:p@files.example/alpha-1.0-py3-none-any.whl#sha256={Sha}"))
            .Should().Be("https://files.example/alpha-1.0-py3-none-any.whl");
    }

    [Fact]
    public void A_local_file_is_recorded_as_an_absolute_file_url()
    {
        DirectUrl.Recorded(new Uri("/x/dist/alpha-1.0-py3-none-any.whl")).Should().Be("file:///x/dist/alpha-1.0-py3-none-any.whl");
    }

    [Fact]
    public void The_json_has_the_bytes_pip_writes_for_an_archive()
    {
        // What pip 23.2's json.dumps(sort_keys=True) wrote for the same wheel: ", " and ": " separators, '+' not escaped.
        DirectUrl.Json(new Uri("https://files.example/alpha-1.0+local-py3-none-any.whl"), Sha).Should().Be(
            "{\"archive_info\": {\"hash\": \"sha256=" + Sha + "\", \"hashes\": {\"sha256\": \"" + Sha + "\"}}, "
            + "\"url\": \"https://files.example/alpha-1.0+local-py3-none-any.whl\"}");
    }

    [Theory]
    [InlineData(false, "{\"dir_info\": {}, \"url\": \"file:///src/my%20project\"}")]
    [InlineData(true, "{\"dir_info\": {\"editable\": true}, \"url\": \"file:///src/my%20project\"}")]
    public void A_project_folder_is_recorded_with_dir_info_as_pip_records_it(bool editable, string expected)
    {
        DirectUrl.FolderJson(new Uri("/src/my project"), editable).Should().Be(expected);
    }

    [Theory]
    [InlineData("v1.0", ".", "{\"subdirectory\": \".\", \"url\": \"file:///srv/repo\", \"vcs_info\": {\"commit_id\": \"C\", \"requested_revision\": \"v1.0\", \"vcs\": \"git\"}}")]
    [InlineData(null, null, "{\"url\": \"file:///srv/repo\", \"vcs_info\": {\"commit_id\": \"C\", \"vcs\": \"git\"}}")]
    public void A_git_requirement_is_recorded_with_vcs_info_as_pip_records_it(string? revision, string? subdirectory, string expected)
    {
        // Compared byte for byte with what pip 23.2 wrote for git+file:///srv/repo@v1.0#egg=x&subdirectory=. and without them.
        DirectUrl.VcsJson(new Dataflow.Installer.Requirements.VcsReference("file:///srv/repo", revision, subdirectory, null), "C").Should().Be(expected);
    }

    [Fact]
    public void A_local_path_is_escaped_as_pip_s_path_to_url_escapes_it()
    {
        // urllib.request.pathname2url('/tmp/c++/a b@x,(y)~ü'), as pip records a folder or a wheel file there.
        DirectUrl.Recorded(new Uri("/tmp/c++/a b@x,(y)~ü")).Should().Be("file:///tmp/c%2B%2B/a%20b%40x%2C%28y%29~%C3%BC");
    }

    [Fact]
    public void Strings_are_escaped_to_ascii_as_python_s_json_dumps_escapes_them()
    {
        // json.dumps({"url": "https://git.example/café", ...}) writes caf\u00e9.
        DirectUrl.VcsJson(new Dataflow.Installer.Requirements.VcsReference("https://git.example/café", "tag\twith\"quote", null, null), "C")
            .Should().Be("{\"url\": \"https://git.example/caf\\u00e9\", \"vcs_info\": {\"commit_id\": \"C\", \"requested_revision\": \"tag\\twith\\\"quote\", \"vcs\": \"git\"}}");
    }
}
