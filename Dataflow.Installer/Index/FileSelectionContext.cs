using Dataflow.Installer.Environments;
using Dataflow.Installer.Requirements;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Index;

/// <summary>The target's facts that decide which files are acceptable: its tags, its Python version, and which formats are allowed.</summary>
/// <param name="AllowSourceDistributions">False with <c>--no-build</c>: no source distribution is ever chosen.</param>
internal sealed record FileSelectionContext(CompatibilityTags Tags, PackageVersion PythonVersion, bool AllowPrereleases, bool AllowSourceDistributions)
{
    /// <summary><c>--no-binary</c> / <c>--only-binary</c>, from the requirement files and the command line.</summary>
    public BinaryFormatControl Formats { get; init; } = BinaryFormatControl.None;

    /// <summary><c>--prefer-binary</c>: a usable wheel of any allowed version wins over a source distribution of a newer one.</summary>
    public bool PreferBinary { get; init; }

    /// <summary>How messages name the interpreter files are chosen for: "this interpreter", or pip's --platform and friends.</summary>
    public string InterpreterName { get; init; } = "this interpreter";

    /// <summary>Files are for another interpreter than the asked one, which nothing can be built for.</summary>
    public bool ForForeignInterpreter { get; init; }

    public bool AllowsSource(PackageName name) => AllowSourceDistributions && Formats.AllowsSource(name);

    public bool AllowsWheel(PackageName name) => Formats.AllowsWheel(name);

    /// <summary>Why a source distribution of <paramref name="name"/> cannot be used, for messages.</summary>
    public string SourceRefusal(PackageName name) =>
        ForForeignInterpreter ? $"nothing is built for {InterpreterName}, which dfi cannot run"
        : !AllowSourceDistributions ? "--no-build refuses to build source distributions" : $"--only-binary refuses source distributions of {name}";
}
