namespace Dataflow.Installer.Environments;

/// <summary>How a helper program ended: its exit code, what it wrote to stdout, and its stderr (or the part of it kept).</summary>
internal sealed record HelperProgramResult(int ExitCode, string Output, string Errors);
