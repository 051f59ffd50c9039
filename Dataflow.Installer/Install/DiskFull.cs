namespace Dataflow.Installer.Install;

/// <summary>
/// A full filesystem (ENOSPC) as one sentence naming the file that could not be written, instead of the runtime's
/// "No space left on device : 'PATH'", so that a user sees at once what ran out and where.
/// </summary>
internal static class DiskFull
{
    /// <summary>ENOSPC on Linux; the runtime puts the raw errno in <see cref="Exception.HResult"/> of errors it does not map.</summary>
    public const int Errno = 28;

    private const string PathOpening = " : '";

    /// <summary>The ENOSPC error in <paramref name="exception"/> or its inner exceptions, or null.</summary>
    public static IOException? Find(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is IOException { HResult: Errno } full)
            {
                return full;
            }
        }
        return null;
    }

    /// <summary>
    /// The message to show for <paramref name="exception"/>: the disk-full sentence when it is one, else its own message.
    /// <paramref name="folder"/> is where the caller was writing, named when the error itself carries no path (a copy's does not).
    /// </summary>
    public static string Describe(Exception exception, string? folder = null)
    {
        if (Find(exception) is not { } full)
        {
            return exception.Message;
        }
        var message = full.Message;
        // The runtime's format for an errno with a path: "<strerror> : '<path>'".
        var opening = message.IndexOf(PathOpening, StringComparison.Ordinal);
        var path = opening >= 0 && message.EndsWith('\'') ? message[(opening + PathOpening.Length)..^1] : null;
        const string Advice = "its filesystem is full; free some space, then run dfi again";
        return (path, folder) switch
        {
            ({ } file, _) => $"No space left on device while writing {file} ({Advice}).",
            (null, { } into) => $"No space left on device while writing into {into} ({Advice}).",
            _ => "No space left on device (the filesystem dfi was writing to is full; free some space, then run dfi again).",
        };
    }
}
