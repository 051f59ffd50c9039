namespace Dataflow.Installer.Tests.Support;

/// <summary>A distribution file served by <see cref="TestIndexServer"/>, with the facts its pages advertise.</summary>
internal sealed record TestIndexEntry(string Filename, string Project, string Version, string FullPath, long Length, string Sha256)
{
    private static readonly string[] SdistExtensions = [".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.zst"];

    /// <summary>
    /// The name and version parts of a distribution file name: for a wheel, the text before and after
    /// the first '-'; for an sdist, either side of the last '-' followed by a digit. Null when neither fits.
    /// </summary>
    public static (string Name, string Version)? SplitFilename(string filename)
    {
        if (filename.EndsWith(".whl", StringComparison.OrdinalIgnoreCase))
        {
            var parts = filename[..^4].Split('-');
            return parts.Length >= 3 ? (parts[0], parts[1]) : null;
        }
        var extension = SdistExtensions.FirstOrDefault(e => filename.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        if (extension is null)
        {
            return null;
        }
        var stem = filename[..^extension.Length];
        for (var i = stem.Length - 2; i > 0; i--)
        {
            if (stem[i] == '-' && char.IsAsciiDigit(stem[i + 1]))
            {
                return (stem[..i], stem[(i + 1)..]);
            }
        }
        return null;
    }
}
