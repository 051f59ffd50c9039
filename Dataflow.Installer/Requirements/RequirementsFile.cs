namespace Dataflow.Installer.Requirements;

/// <summary>Everything read from one or more requirements files and the files they include.</summary>
/// <param name="Requirements">Requirement lines in reading order (includes expanded in place).</param>
/// <param name="Constraints">Requirement lines from <c>-c</c>/<c>--constraint</c> files.</param>
/// <param name="IndexUrl">The last <c>--index-url</c> given, or null for the default index.</param>
/// <param name="ExtraIndexUrls">Every <c>--extra-index-url</c>, in order, without duplicates.</param>
/// <param name="FindLinks">Every <c>--find-links</c>, in order, without duplicates; a relative path that exists next to its
/// requirements file is made absolute there, any other value is kept as written (relative to the current directory).</param>
/// <param name="NoIndex"><c>--no-index</c> was given: pip then ignores every index URL, whatever came before or after.</param>
/// <param name="Pre"><c>--pre</c>: allow pre-releases.</param>
/// <param name="PreferBinary"><c>--prefer-binary</c>.</param>
/// <param name="RequireHashes"><c>--require-hashes</c>: in pip a file-level option that makes hashes mandatory for all.</param>
/// <param name="TrustedHosts">Every <c>--trusted-host</c>, in order, without duplicates.</param>
/// <param name="BinaryFormats">The combined effect of <c>--no-binary</c>/<c>--only-binary</c>.</param>
/// <param name="Warnings">Things accepted but ignored (<c>--use-feature</c>, options without effect), each starting with <c>file:line:</c>.</param>
internal sealed record RequirementsFile(
    IReadOnlyList<RequirementLine> Requirements,
    IReadOnlyList<RequirementLine> Constraints,
    string? IndexUrl,
    IReadOnlyList<string> ExtraIndexUrls,
    IReadOnlyList<string> FindLinks,
    bool NoIndex,
    bool Pre,
    bool PreferBinary,
    bool RequireHashes,
    IReadOnlyList<string> TrustedHosts,
    BinaryFormatControl BinaryFormats,
    IReadOnlyList<string> Warnings);
