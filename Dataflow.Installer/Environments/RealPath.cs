namespace Dataflow.Installer.Environments;

/// <summary>Paths with their symbolic links resolved, as Python's <c>os.path.realpath</c> gives them.</summary>
internal static class RealPath
{
    /// <summary>Resolves symbolic links in every existing component of <paramref name="path"/> (an absolute path).</summary>
    public static string Of(string path)
    {
        var root = Path.GetPathRoot(path) ?? "/";
        var resolved = root;
        foreach (var part in path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(resolved, part);
            var info = new DirectoryInfo(next);
            for (var hops = 0; info.LinkTarget is not null && hops < 40; hops++)
            {
                next = Path.GetFullPath(info.LinkTarget, Path.GetDirectoryName(next) ?? root);
                info = new DirectoryInfo(next);
            }
            // A link target may itself contain links in its parents; resolving again from the top keeps this simple.
            resolved = next == Path.Combine(resolved, part) ? next : Of(next);
        }
        return resolved;
    }
}
