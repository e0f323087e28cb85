using System.Text;
using LongDoc.Documents.Readers;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

public class TextDocumentReaderTests
{
    static Document Read(byte[] bytes) => new TextDocumentReader().Read(bytes, "notes.txt", ReadOptions.Default);

    [Fact]
    public void Text_BlankLines_SeparateParagraphs()
    {
        var doc = Read(Encoding.UTF8.GetBytes("First line\nstill first.\n\n\nSecond   paragraph.\r\n"));
        Assert.Equal(["First line\nstill first.", "Second paragraph."], doc.Blocks.Select(b => b.Text));
        Assert.Equal("First line\nstill first.\n\nSecond paragraph.", doc.Text);
        AssertSpans(doc);
    }

    [Fact]
    public void Text_FormFeeds_SeparatePages()
    {
        var doc = Read(Encoding.UTF8.GetBytes("Page one.\fPage two.\f\fPage four."));
        Assert.Equal(4, doc.PageCount);
        Assert.Equal([1, 2, 4], doc.Blocks.Select(b => b.FirstPage));
        Assert.Equal("Page two.", doc.Pages[1].Text);
        Assert.Equal("", doc.Pages[2].Text);
    }

    [Fact]
    public void Text_Utf8Bom_StrippedAndDecoded()
    {
        var doc = Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Grüße")]);
        Assert.Equal("Grüße", doc.Text);
        Assert.Empty(doc.Warnings);
    }

    [Fact]
    public void Text_Utf16LittleAndBigEndianBoms_Decoded()
    {
        Assert.Equal("Ünïcode", Read([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("Ünïcode")]).Text);
        Assert.Equal("Ünïcode", Read([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes("Ünïcode")]).Text);
    }

    [Fact]
    public void Text_InvalidUtf8Bytes_ReplacedWithWarning()
    {
        // Mostly valid UTF-8 with two stray bytes: replaced by U+FFFD, the rest kept, and a warning says so.
        var bytes = Encoding.UTF8.GetBytes("Valid text before, " + new string('x', 200) + " and after.").ToList();
        bytes.Insert(5, 0xFF);
        bytes.Insert(10, 0xC3);
        var doc = Bounded(() => Read([.. bytes]));
        Assert.Contains('\uFFFD', doc.Text);
        Assert.Contains("and after.", doc.Text);
        Assert.Contains(doc.Warnings, w => w.Contains("replaced"));
    }

    [Fact]
    public void Text_Latin1Bytes_FallBackWithWarning()
    {
        var doc = Read(Encoding.Latin1.GetBytes("Café à la crème, déjà vu."));
        Assert.Equal("Café à la crème, déjà vu.", doc.Text);
        Assert.Contains(doc.Warnings, w => w.Contains("Latin-1"));
    }

    [Fact]
    public void Text_ControlCharacters_Removed() =>
        Assert.Equal("ab", Read([(byte)'a', 0x07, (byte)'b']).Text);

    [Fact]
    public void Text_ViaReaders_InvalidUtf8IsAWarningNotAnError()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("Report line one, which is long enough to be text. "), 0xFE, .. Encoding.UTF8.GetBytes(" More text follows here.")];
        var doc = DocumentReaders.Read(bytes, "report.txt");
        Assert.Equal(DocumentFormat.Text, doc.Format);
        Assert.NotEmpty(doc.Warnings);
    }

    [Fact]
    public void Text_MarkdownHeadingLines_BecomeHeadingsWithSections()
    {
        var doc = Read(Encoding.UTF8.GetBytes("# Report\nIntro line.\n## Costs ##\nCosts fell.\n#hashtag is not a heading\n"));
        Assert.Equal([(BlockKind.Heading, 1, "Report"), (BlockKind.Paragraph, 0, "Intro line."), (BlockKind.Heading, 2, "Costs"),
            (BlockKind.Paragraph, 0, "Costs fell.\n#hashtag is not a heading")], doc.Blocks.Select(b => (b.Kind, b.Level, b.Text)));
        Assert.Equal(["Report", "Costs"], doc.Blocks[^1].Section);
        Assert.Equal("Report", doc.Title);
    }

    [Fact]
    public void Text_ZeroBytes_ClearError()
    {
        var e = Assert.Throws<DocumentReadException>(() => Read([]));
        Assert.Contains("empty", e.Problem);
        Assert.Equal("notes.txt", e.File);
    }

    [Fact]
    public void Text_TitleDefaultsToFileName() =>
        Assert.Equal("notes", Read(Encoding.UTF8.GetBytes("plain words")).Title);
}
