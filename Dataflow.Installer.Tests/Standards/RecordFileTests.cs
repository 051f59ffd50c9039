using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Standards;

public sealed class RecordFileTests
{
    [Fact]
    public void Rows_parse_into_path_hash_and_size_and_RECORD_itself_has_neither()
    {
        var entries = RecordFile.Parse(
            "simple/__init__.py,sha256=Y0sCextp4SQtQNU-MSs7SsdxD1W-gfKJtUlEbvZ3i-4,21\r\n" +
            "simple-0.1.0.dist-info/RECORD,,\r\n");

        entries.Should().HaveCount(2);
        entries[0].Path.Should().Be("simple/__init__.py");
        entries[0].Hash!.Algorithm.Should().Be("sha256");
        entries[0].Hash!.ToString().Should().Be("sha256=Y0sCextp4SQtQNU-MSs7SsdxD1W-gfKJtUlEbvZ3i-4");
        entries[0].Size.Should().Be(21);
        entries[1].Should().Be(new RecordEntry("simple-0.1.0.dist-info/RECORD", null, null));
    }

    [Fact]
    public void Paths_with_commas_and_quotes_are_quoted_as_Pythons_csv_module_does()
    {
        var entries = new[]
        {
            new RecordEntry("data/a,b.txt", null, 1),
            new RecordEntry("data/say \"hi\".txt", null, 2),
            new RecordEntry("plain.py", null, null),
        };

        var text = RecordFile.Format(entries);

        text.Should().Be("\"data/a,b.txt\",,1\n\"data/say \"\"hi\"\".txt\",,2\nplain.py,,\n");
        RecordFile.Parse(text).Should().Equal(entries);
    }

    [Fact]
    public void Formatting_then_parsing_keeps_hashes()
    {
        var entries = new[] { new RecordEntry("../../../bin/tool", RecordHash.Compute("x"u8), 1) };

        RecordFile.Parse(RecordFile.Format(entries)).Should().Equal(entries);
    }

    [Fact]
    public void Rows_are_written_as_UTF_8_bytes_with_the_line_ending_asked_for()
    {
        var entries = new[]
        {
            new RecordEntry("café/ünïcode.py", RecordHash.Parse("sha256=Y0sCextp4SQtQNU-MSs7SsdxD1W-gfKJtUlEbvZ3i-4"), 1234567890123),
            new RecordEntry("data/a,b.txt", null, 0),
            new RecordEntry("café-1.0.dist-info/RECORD", null, null),
        };

        var bytes = RecordFile.FormatUtf8(entries, "\r\n");

        System.Text.Encoding.UTF8.GetString(bytes).Should().Be(
            "café/ünïcode.py,sha256=Y0sCextp4SQtQNU-MSs7SsdxD1W-gfKJtUlEbvZ3i-4,1234567890123\r\n" +
            "\"data/a,b.txt\",,0\r\n" +
            "café-1.0.dist-info/RECORD,,\r\n");
        bytes[0].Should().Be((byte)'c', "a RECORD has no byte-order mark");
    }

    [Fact]
    public void Blank_lines_are_skipped_and_a_missing_final_newline_is_fine()
    {
        RecordFile.Parse("\na.py,,\n\nb.py,,").Select(e => e.Path).Should().Equal("a.py", "b.py");
    }

    [Theory]
    [InlineData("a.py,sha256=abc,twelve\n")]
    [InlineData("a.py,nohash,12\n")]
    [InlineData(",sha256=abc,12\n")]
    [InlineData("\"a.py,,\n")]
    public void Malformed_rows_are_refused(string text)
    {
        var act = () => RecordFile.Parse(text);

        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void Text_after_a_closing_quote_belongs_to_the_same_field_as_in_Pythons_csv_module()
    {
        RecordFile.Parse("\"a,b\"c.py,,1\n").Should().Equal(new RecordEntry("a,bc.py", null, 1));
    }

    [Fact]
    public void Rows_with_only_a_path_or_a_trailing_comma_are_read()
    {
        RecordFile.Parse("a.py\nb.py,\nc.py,sha512=" + new string('A', 86) + ",3")
            .Should().Equal(new RecordEntry("a.py", null, null), new RecordEntry("b.py", null, null), new RecordEntry("c.py", new RecordHash("sha512", new byte[64]), 3));
    }

    [Fact]
    public void A_row_with_more_than_three_columns_is_read_for_its_first_three_as_pip_reads_it()
    {
        RecordFile.Parse("a.py,,3,extra,more\n").Should().Equal(new RecordEntry("a.py", null, 3));
    }

    [Fact]
    public async Task A_RECORD_file_starting_with_a_byte_order_mark_reads_as_without_it()
    {
        using var directory = new Dataflow.Installer.Tests.Support.TemporaryDirectory();
        var path = directory.Combine("RECORD");
        await File.WriteAllBytesAsync(path, [0xEF, 0xBB, 0xBF, .. "caf\u00e9.py,,2\r\n"u8]);

        var entries = RecordFile.Read(path);

        entries.Should().Equal(new RecordEntry("caf\u00e9.py", null, 2));
    }

    [Fact]
    public async Task A_RECORD_larger_than_the_pooled_buffer_is_read_whole()
    {
        using var directory = new Dataflow.Installer.Tests.Support.TemporaryDirectory();
        var path = directory.Combine("RECORD");
        // ~1.3 MB: past the megabyte read into a pooled buffer, so the last rows come from the whole-file read.
        var rows = Enumerable.Range(0, 40_000).Select(i => $"pkg/module_{i:D6}.py,,{i}").ToList();
        await File.WriteAllTextAsync(path, string.Join("\r\n", rows) + "\r\n");

        var entries = RecordFile.Read(path);

        entries.Should().HaveCount(40_000);
        entries[^1].Should().Be(new RecordEntry("pkg/module_039999.py", null, 39_999));
    }
}
