namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 4, end to end: a malformed batch manifest is a usage error (exit 2) that names its file and line, and changes nothing.</summary>
public sealed class BatchManifestErrorTests
{
    [Theory]
    [InlineData("unknown key", "[[environment]]\npath = \"envs/a\"\nrequirements = \"a.txt\"\ncolour = \"blue\"\n", 4, "colour")]
    [InlineData("missing requirements", "# one environment\n\n[[environment]]\npath = \"envs/a\"\n", 3, "requirements")]
    [InlineData("top-level key", "# settings\njobs = 4\n\n[[environment]]\npath = \"envs/a\"\nrequirements = \"a.txt\"\n", 2, "jobs")]
    [InlineData("invalid TOML", "[[environment]]\npath = \"envs/a\"\nrequirements = \"a.txt\n", 3, "string")]
    public async Task A_malformed_manifest_exits_2_naming_the_file_and_line(string problem, string manifest, int line, string named)
    {
        using var workspace = new BatchWorkspace();
        await File.WriteAllTextAsync(workspace.Combine("a.txt"), "alpha==1.0\n");
        await File.WriteAllTextAsync(workspace.Manifest, manifest);

        // No index is given: a manifest error must stop the run before anything is looked up.
        var batch = await DfiProcess.RunAsync("batch", workspace.Manifest, "--no-index", "--cache-dir", workspace.Cache);

        batch.ExitCode.Should().Be(2, $"{problem}\n{batch}");
        batch.Stderr.Should().Contain($"manifest.toml:{line}:", problem).And.Contain(named, problem);
        batch.Stdout.Should().BeEmpty(problem);
        Directory.Exists(workspace.Combine("envs")).Should().BeFalse("no environment is created from a manifest with an error");
    }
}
