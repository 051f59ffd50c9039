using System.Buffers;
using System.Text;

namespace Dataflow.Installer.Standards;

/// <summary>
/// Reads the small metadata files of a wheel (WHEEL, RECORD, entry_points.txt, METADATA's head, the cache's entry
/// manifests) without the stream
/// and reader buffers <see cref="File.ReadAllText(string)"/> allocates: on a warm install those are fresh memory, and
/// on this machine a fresh page costs more than reading the file.
/// </summary>
internal static class SmallFile
{
    /// <summary>The file's text, decoded as UTF-8 (a leading byte order mark dropped, invalid bytes replaced).</summary>
    public static string ReadUtf8Text(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return Encoding.UTF8.GetString(WithoutPreamble(bytes));
    }

    /// <summary>
    /// Hands the whole file's bytes to <paramref name="read"/>: in a buffer rented from <see cref="ArrayPool{T}.Shared"/>
    /// up to a megabyte (a RECORD or an entry manifest of ~10,000 files), in one of their own above it.
    /// </summary>
    public static T Read<T>(string path, Func<ArraySegment<byte>, T> read)
    {
        var buffer = RentHead(path, PooledBytes, out var length, out var whole);
        try
        {
            return whole ? read(new ArraySegment<byte>(buffer, 0, length)) : read(File.ReadAllBytes(path));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private const int PooledBytes = 1 << 20;

    /// <summary>
    /// Reads up to <paramref name="limit"/> bytes from the start of the file into a buffer rented from
    /// <see cref="ArrayPool{T}.Shared"/>, which the caller returns; <paramref name="length"/> is how many were read, and
    /// <paramref name="whole"/> says whether that is the whole file.
    /// </summary>
    public static byte[] RentHead(string path, int limit, out int length, out bool whole)
    {
        using var handle = File.OpenHandle(path);
        var size = RandomAccess.GetLength(handle);
        // One byte more than the limit tells a file of exactly the limit's size from a longer one.
        var wanted = (int)Math.Min(size > 0 ? size + 1 : limit + 1L, limit + 1L);
        var buffer = ArrayPool<byte>.Shared.Rent(wanted);
        try
        {
            length = 0;
            int read;
            while (length < wanted && (read = RandomAccess.Read(handle, buffer.AsSpan(length, wanted - length), length)) > 0)
            {
                length += read;
            }
            whole = length <= limit;
            length = Math.Min(length, limit);
            return buffer;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>The text without a leading UTF-8 byte order mark.</summary>
    public static ReadOnlySpan<byte> WithoutPreamble(ReadOnlySpan<byte> text) =>
        text.StartsWith(Encoding.UTF8.Preamble) ? text[Encoding.UTF8.Preamble.Length..] : text;
}
