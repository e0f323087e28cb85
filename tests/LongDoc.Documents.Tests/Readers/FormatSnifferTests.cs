using System.Text;
using LongDoc.Documents.Readers;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

public class FormatSnifferTests
{
    static DocumentFormat? Sniff(byte[] bytes, string name) => FormatSniffer.Sniff(bytes, name, out _);
    static DocumentFormat? Sniff(string text, string name) => Sniff(Encoding.UTF8.GetBytes(text), name);

    const string Html = "<!DOCTYPE html><html><body><p>hi</p></body></html>";
    const string Md = "# Title\n\nSome text.\n\n## Part\n\n- one\n- two\n";

    [Theory]
    [InlineData("report.txt")]
    [InlineData("report.docx")]
    [InlineData("report")]
    public void Sniff_PdfBytes_ArePdfWhateverTheName(string name) =>
        Assert.Equal(DocumentFormat.Pdf, Sniff("%PDF-1.7\n%âãÏÓ\n1 0 obj\n", name));

    [Fact]
    public void Sniff_PdfAfterLeadingJunk_IsPdf() => Assert.Equal(DocumentFormat.Pdf, Sniff("junk\r\n%PDF-1.4\n", "x.bin"));

    [Theory]
    [InlineData("page.txt")]
    [InlineData("page.md")]
    [InlineData("page")]
    public void Sniff_HtmlContent_IsHtmlWhateverTheName(string name) => Assert.Equal(DocumentFormat.Html, Sniff(Html, name));

    [Fact]
    public void Sniff_RealDocxNamedTxt_IsDocx() => Assert.Equal(DocumentFormat.Docx, Sniff(Data("docx", "test.docx"), "renamed.txt"));

    [Fact]
    public void Sniff_MarkdownContentNamedTxt_FollowsTheExtension() =>
        // Markdown is a way of writing text: when the user calls it .txt, it is read as text.
        Assert.Equal(DocumentFormat.Text, Sniff(Md, "notes.txt"));

    [Fact]
    public void Sniff_MarkdownContentWithoutExtension_IsMarkdown() => Assert.Equal(DocumentFormat.Markdown, Sniff(Md, "README"));

    [Fact]
    public void Sniff_PlainTextNamedMd_IsMarkdown() => Assert.Equal(DocumentFormat.Markdown, Sniff("just words", "a.md"));

    [Fact]
    public void Sniff_HtmlFragmentNamedHtml_IsHtml() => Assert.Equal(DocumentFormat.Html, Sniff("<p>Only a <b>fragment</b></p>", "frag.html"));

    [Fact]
    public void Sniff_PlainTextNamedHtml_IsText() => Assert.Equal(DocumentFormat.Text, Sniff("no markup at all", "x.html"));

    [Fact]
    public void Sniff_Empty_NullWithReason()
    {
        Assert.Null(FormatSniffer.Sniff([], "x.pdf", out var reason));
        Assert.Contains("empty", reason);
    }

    [Fact]
    public void Sniff_ZipWithoutWordPart_NullWithReason()
    {
        var zip = DocxTestPackages.Zip([("data/file.csv", "a,b"u8.ToArray())]);
        Assert.Null(FormatSniffer.Sniff(zip, "x.docx", out var reason));
        Assert.Contains("not a Word document", reason);
    }

    [Fact]
    public void Sniff_LegacyDoc_NullWithAdvice()
    {
        Assert.Null(FormatSniffer.Sniff([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "old.doc", out var reason));
        Assert.Contains(".docx", reason);
    }

    [Fact]
    public void Sniff_BinaryNamedTxt_NullWithReason()
    {
        var bytes = new byte[512];
        new Random(3).NextBytes(bytes);
        bytes[0] = 0;
        Assert.Null(FormatSniffer.Sniff(bytes, "x.txt", out var reason));
        Assert.Contains("binary", reason);
    }

    [Fact]
    public void Sniff_Utf16Text_IsTextNotBinary() =>
        Assert.Equal(DocumentFormat.Text, Sniff([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("hello world")], "u.txt"));

    [Fact]
    public void Sniff_Utf16Html_IsHtml() =>
        Assert.Equal(DocumentFormat.Html, Sniff([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Html)], "u.txt"));

    [Fact]
    public void Read_HtmlNamedTxt_ReadByTheHtmlReader()
    {
        var doc = DocumentReaders.Read(Encoding.UTF8.GetBytes("<html><head><title>T</title></head><body><h2>Sub</h2></body></html>"), "page.txt");
        Assert.Equal(DocumentFormat.Html, doc.Format);
        Assert.Equal((BlockKind.Heading, 2), (doc.Blocks[0].Kind, doc.Blocks[0].Level));
    }
}
