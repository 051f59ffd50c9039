namespace Dataflow.Installer.Requirements;

/// <summary>A place in a requirements file: the path as the user (or the including file) spelled it, and a 1-based line.</summary>
/// <remarks>Line 0 means the file as a whole (it could not be opened, say) and prints as the bare path.</remarks>
internal sealed record SourceLocation(string File, int Line)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}" : File;
}
