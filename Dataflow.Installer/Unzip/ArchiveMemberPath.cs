namespace Dataflow.Installer.Unzip;

/// <summary>Checks that an archive member's name is a plain relative path that stays inside the target folder.</summary>
internal static class ArchiveMemberPath
{
    /// <summary>Null when <paramref name="name"/> is safe, else the reason it is refused.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "an empty name";
        }
        if (name.Contains('\uFFFD'))
        {
            return "a name that is not valid UTF-8";
        }
        if (name.Contains('\\'))
        {
            return "a backslash in its name";
        }
        if (name.StartsWith('/'))
        {
            return "an absolute path";
        }
        if (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0]))
        {
            return "a drive letter";
        }
        if (name.Contains('\0'))
        {
            return "a NUL character in its name";
        }
        var segments = name.TrimEnd('/').Split('/');
        foreach (var segment in segments)
        {
            if (segment is ".." or "." || segment.Length == 0)
            {
                return "a path that escapes the target folder";
            }
        }
        return null;
    }
}
