namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>One file of <c>index-options.json</c>: what a test index must say about it.</summary>
internal sealed record FixtureFile(string Filename, string Project, string Version, string Sha256, string? RequiresPython, string? Yanked);
