namespace Dataflow.Installer.Tests.Support;

/// <summary>One request seen by <see cref="TestIndexServer"/>: its percent-decoded path and the headers tests check.</summary>
internal sealed record TestIndexRequest(string Path, string? Accept, string? Authorization);
