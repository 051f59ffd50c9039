namespace Dataflow.Installer.Install;

/// <summary>Where one wheel member comes from (in the cache) and goes to (in the environment).</summary>
/// <param name="Member">The archive path, as the wheel's RECORD lists it.</param>
/// <param name="SourceDirectory">The unzipped wheel's folder.</param>
/// <param name="SourceRelative">The unzipped file below <paramref name="SourceDirectory"/>: the member, normalised.</param>
/// <param name="Target">Absolute path in the environment.</param>
/// <param name="IsScript">True for <c>.data/scripts</c> members, whose <c>#!python</c> shebang is rewritten.</param>
/// <remarks>
/// The source is kept in two parts because a warm install links and checks every file of every wheel by them without
/// ever needing the joined path as a string (<see cref="FileLinker"/> and the entry's manifest encode the two parts
/// straight into the syscall's buffer).
/// </remarks>
internal sealed record WheelPlacement(string Member, string SourceDirectory, string SourceRelative, string Target, bool IsScript)
{
    /// <summary>Absolute path of the unzipped file.</summary>
    public string Source => string.Concat(SourceDirectory, "/", SourceRelative);
}
