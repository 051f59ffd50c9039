namespace Dataflow.Installer.Environments;

/// <summary>Where an environment's installation scheme puts each kind of file (sysconfig's paths, absolute).</summary>
public sealed record SchemePaths(string Purelib, string Platlib, string Scripts, string Headers, string Data);
