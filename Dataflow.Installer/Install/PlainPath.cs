namespace Dataflow.Installer.Install;

/// <summary>
/// Relative paths that need no normalising: joined to a folder as they are, they name a place inside it. The installer
/// checks every path it places this way and sends only the others through <see cref="Path.GetFullPath(string)"/>.
/// </summary>
internal static class PlainPath
{
    /// <summary>True when every '/'-separated segment of <paramref name="path"/> is a name: not empty, not "." and not "..".</summary>
    public static bool IsPlain(ReadOnlySpan<char> path)
    {
        while (true)
        {
            var slash = path.IndexOf('/');
            var segment = slash < 0 ? path : path[..slash];
            if (segment.IsEmpty || segment is "." or "..")
            {
                return false;
            }
            if (slash < 0)
            {
                return true;
            }
            path = path[(slash + 1)..];
        }
    }
}
