using System.Text;

namespace Dataflow.Installer.Cache;

/// <summary>
/// Paths as the kernel takes them, NUL-terminated UTF-8, encoded into a buffer the caller keeps: the marshaller's string
/// conversion allocates native memory on every call, and the install's hot paths make a call or two per file.
/// </summary>
internal static class NativePath
{
    /// <summary>
    /// Encodes <paramref name="directory"/>/<paramref name="path"/> (the path alone when the directory is empty, one
    /// slash between them even when the directory ends with one) into <paramref name="buffer"/>, grown when too small.
    /// </summary>
    public static byte[] Encode(ref byte[]? buffer, ReadOnlySpan<char> directory, ReadOnlySpan<char> path)
    {
        var length = Encoding.UTF8.GetMaxByteCount(directory.Length + 1 + path.Length) + 1;
        if (buffer is null || buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, 1024)];
        }
        var written = Encoding.UTF8.GetBytes(directory, buffer);
        if (written > 0 && buffer[written - 1] != (byte)'/')
        {
            buffer[written++] = (byte)'/';
        }
        written += Encoding.UTF8.GetBytes(path, buffer.AsSpan(written));
        buffer[written] = 0;
        return buffer;
    }
}
