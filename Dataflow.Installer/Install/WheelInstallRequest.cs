using Dataflow.Installer.Cache;
using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Install;

/// <summary>What to install where: an unzipped, already verified wheel and the environment it goes into.</summary>
/// <param name="WheelDirectory">The folder holding the wheel's exact contents (the cache entry).</param>
/// <param name="Scheme">The target environment's install locations; Headers is already the per-distribution folder.</param>
/// <param name="InterpreterPath">The environment's interpreter, written into script shebangs.</param>
/// <param name="LinkMode">How files get from the cache into the environment.</param>
/// <param name="DistInfoName">The <c>*.dist-info</c> folder name inside the wheel; discovered when null.</param>
/// <param name="DirectUrlJson">PEP 610 <c>direct_url.json</c> contents; the file is written only when given.</param>
/// <param name="Requested">Writes an empty <c>REQUESTED</c> (PEP 376): the user asked for this distribution.</param>
/// <param name="InstallerName">Written to <c>INSTALLER</c> (PEP 376).</param>
/// <param name="WheelName">How errors name the wheel (its file name); the dist-info stem when null.</param>
/// <param name="TreeIsVerified">The folder holds exactly the wheel's RECORD members (the cache's unzip checked that), so it
/// need not be walked for unlisted files and every listed file exists.</param>
public sealed record WheelInstallRequest(
    string WheelDirectory,
    SchemePaths Scheme,
    string InterpreterPath,
    LinkMode LinkMode,
    string? DistInfoName = null,
    string? DirectUrlJson = null,
    bool Requested = false,
    string InstallerName = "dfi",
    string? WheelName = null,
    bool TreeIsVerified = false)
{
    /// <summary>The cache entry's file stamps as checked before the install; each file is refused unless it still matches
    /// them when it is placed. No check when null (a folder that is not a cache entry).</summary>
    internal EntryManifest? ExpectedFiles { get; init; }

    /// <summary>The interpreter's language version (<c>sys.version_info[:2]</c>): pip and easy_install's versioned
    /// scripts are named for it (<see cref="VersionedScripts"/>). The wheel's own names are kept when null.</summary>
    public (int Major, int Minor)? InterpreterVersion { get; init; }
}
