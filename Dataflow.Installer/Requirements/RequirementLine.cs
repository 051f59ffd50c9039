namespace Dataflow.Installer.Requirements;

/// <summary>One requirement from a requirements file, with the facts the file itself gives about it.</summary>
/// <param name="Text">The requirement with options and comments removed, trimmed, <c>${VAR}</c>s expanded; markers and extras kept.</param>
/// <param name="Kind">Whether <paramref name="Text"/> is a PEP 508 specifier or a bare path or URL.</param>
/// <param name="Hashes">Every <c>--hash</c> of the line as <c>algorithm:hexdigest</c>, lowercase, in file order.</param>
/// <param name="Location">The file and the first physical line of the (possibly continued) line.</param>
/// <param name="PathOrUrl">For <see cref="RequirementLineKind.PathOrUrl"/>: an http(s)/ftp URL, or an absolute local path
/// (<c>file:</c> URLs become local paths); null for named requirements.</param>
/// <param name="Extras">For <see cref="RequirementLineKind.PathOrUrl"/>: the extras of a <c>path[extra,...]</c> suffix.</param>
/// <param name="Marker">For <see cref="RequirementLineKind.PathOrUrl"/>: the environment marker after <c>;</c>, if any.
/// Named requirements keep both in <paramref name="Text"/> for the PEP 508 parser.</param>
/// <param name="Editable">Given with <c>-e</c>/<c>--editable</c>: <paramref name="PathOrUrl"/> is a project folder to install in place (PEP 660).</param>
/// <param name="ProjectName">For <see cref="RequirementLineKind.PathOrUrl"/>: the name a <c>#egg=</c> fragment gives, if any.</param>
/// <param name="ConfigSettings">The line's own <c>--config-settings KEY=VALUE</c>s (pip 23.1+), in order: for its build only.</param>
internal sealed record RequirementLine(
    string Text,
    RequirementLineKind Kind,
    IReadOnlyList<string> Hashes,
    SourceLocation Location,
    string? PathOrUrl = null,
    IReadOnlyList<string>? Extras = null,
    string? Marker = null,
    bool Editable = false,
    string? ProjectName = null,
    IReadOnlyList<string>? ConfigSettings = null)
{
    public override string ToString() => $"{Text} ({Location})";
}
