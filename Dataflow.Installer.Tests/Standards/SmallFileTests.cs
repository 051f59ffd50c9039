using System.Buffers;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Standards;

public sealed class SmallFileTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(byte[] content)
    {
        var path = _folder.Combine(Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, content);
        return path;
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(99, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    [InlineData(5000, false)]
    public void The_head_says_whether_it_is_the_whole_file(int size, bool whole)
    {
        var content = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();

        var buffer = SmallFile.RentHead(Write(content), 100, out var length, out var isWhole);
        try
        {
            isWhole.Should().Be(whole);
            buffer.AsSpan(0, length).ToArray().Should().Equal(content.Take(100));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Fact]
    public void Text_is_read_as_UTF8_without_its_byte_order_mark()
    {
        SmallFile.ReadUtf8Text(Write([0xEF, 0xBB, 0xBF, .. "Wheel-Version: 1.0\ncaf\u00e9\n"u8])).Should().Be("Wheel-Version: 1.0\ncaf\u00e9\n");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) + 1)]
    public void The_whole_file_is_handed_over_below_and_above_the_pooled_size(int size)
    {
        var content = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();

        SmallFile.Read(Write(content), static bytes => bytes.ToArray()).Should().Equal(content);
    }
}
