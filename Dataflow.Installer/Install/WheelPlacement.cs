namespace Dataflow.Installer.Install;

/// <summary>Where one wheel member comes from (in the cache) and goes to (in the environment).</summary>
/// <param name="Member">The archive path, as the wheel's RECORD lists it.</param>
/// <param name="Source">Absolute path of the unzipped file.</param>
/// <param name="Target">Absolute path in the environment.</param>
/// <param name="IsScript">True for <c>.data/scripts</c> members, whose <c>#!python</c> shebang is rewritten.</param>
internal sealed record WheelPlacement(string Member, string Source, string Target, bool IsScript);
