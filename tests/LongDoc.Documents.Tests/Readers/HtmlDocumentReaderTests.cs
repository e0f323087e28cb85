using System.Text;
using LongDoc.Documents.Readers;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

public class HtmlDocumentReaderTests
{
    static Document Read(string html) => Read(Encoding.UTF8.GetBytes(html));
    static Document Read(byte[] bytes) => new HtmlDocumentReader().Read(bytes, "page.html", ReadOptions.Default);

    const string Page = """
        <!DOCTYPE html>
        <html><head><title>Quarterly   report</title><style>p { color: red }</style><script>var secret = "do not read";</script></head>
        <body>
          <header><a href="/">Home</a> | <a href="/about">About us</a></header>
          <nav><ul><li>Menu item</li></ul></nav>
          <main>
            <article>
              <header><h1>Results for Q3</h1></header>
              <p>Revenue rose by <b>12%</b> to
                 4.2 million.<br>Costs were flat.</p>
              <h2>Regions</h2>
              <ol start="3"><li>Europe<ul><li>Germany</li><li>France</li></ul></li><li>Asia</li></ol>
              <table><caption>Table 1: Revenue by region</caption>
                <thead><tr><th>Region</th><th>Revenue</th></tr></thead>
                <tbody><tr><td>Europe</td><td>2.1</td></tr><tr><td colspan="2">Total 4.2</td></tr></tbody>
              </table>
              <figure><img src="x.png" alt="chart"><figcaption>Figure 2: Growth</figcaption></figure>
              <div>Loose text in a div <span>with a span</span><p>and a paragraph</p>after it.</div>
              <pre>line one
          indented line two</pre>
            </article>
          </main>
          <footer>Copyright 2026 Example Corp</footer>
        </body></html>
        """;

    [Fact]
    public void Html_Title_FromTitleElement() => Assert.Equal("Quarterly report", Read(Page).Title);

    [Fact]
    public void Html_Headings_LevelsAndSections()
    {
        var doc = Read(Page);
        Assert.Equal([("Results for Q3", 1), ("Regions", 2)], doc.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => (b.Text, b.Level)));
        Assert.Equal(["Results for Q3", "Regions"], doc.Blocks.Single(b => b.Text == "Asia" || b.Text.EndsWith("Asia")).Section);
        AssertSpans(doc);
    }

    [Fact]
    public void Html_Paragraph_WhitespaceCollapsedAndBrKept()
    {
        var p = Read(Page).Blocks.Single(b => b.Text.StartsWith("Revenue rose"));
        Assert.Equal("Revenue rose by 12% to 4.2 million.\nCosts were flat.", p.Text);
    }

    [Fact]
    public void Html_Lists_DepthAndOrderedLabels()
    {
        var items = Read(Page).Blocks.Where(b => b.Kind == BlockKind.ListItem).Select(b => (b.Text, b.Level)).ToArray();
        Assert.Equal([("3. Europe", 0), ("Germany", 1), ("France", 1), ("4. Asia", 0)], items);
    }

    [Fact]
    public void Html_Table_HeaderAndDataCellsWithColspan()
    {
        var doc = Read(Page);
        var table = Assert.Single(doc.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Equal(["Region", "Revenue"], table.Rows![0]);
        Assert.Equal(["Europe", "2.1"], table.Rows[1]);
        Assert.Equal(["Total 4.2", ""], table.Rows[2]);
        Assert.Contains(doc.Blocks, b => b is { Kind: BlockKind.Caption, Text: "Table 1: Revenue by region" });
        Assert.Contains(doc.Blocks, b => b is { Kind: BlockKind.Caption, Text: "Figure 2: Growth" });
    }

    [Fact]
    public void Html_Boilerplate_ScriptsStylesNavAndPageBannerSkipped()
    {
        var text = Read(Page).Text;
        Assert.DoesNotContain("do not read", text);
        Assert.DoesNotContain("color", text);
        Assert.DoesNotContain("Menu item", text);
        Assert.DoesNotContain("About us", text);
        Assert.DoesNotContain("Copyright", text);
        Assert.Contains("Results for Q3", text);   // the article's own header is content
    }

    [Fact]
    public void Html_LooseInlineText_BecomesParagraphsAroundBlocks()
    {
        var texts = Read(Page).Blocks.Select(b => b.Text).ToArray();
        var i = Array.IndexOf(texts, "Loose text in a div with a span");
        Assert.True(i >= 0, string.Join(" / ", texts));
        Assert.Equal(["and a paragraph", "after it."], texts[(i + 1)..(i + 3)]);
    }

    [Fact]
    public void Html_Pre_KeepsLines() =>
        Assert.Contains(Read(Page).Blocks, b => b.Text == "line one\nindented line two");

    [Fact]
    public void Html_MetaCharsetWindows1252_Decoded()
    {
        var head = Encoding.ASCII.GetBytes("<html><head><meta charset=\"windows-1252\"></head><body><p>Caf");
        byte[] bytes = [.. head, 0xE9, 0x20, 0x80, .. Encoding.ASCII.GetBytes("5</p></body></html>")];
        var doc = Read(bytes);
        Assert.Equal("Café €5", doc.Blocks[0].Text);
        Assert.Empty(doc.Warnings);
    }

    [Fact]
    public void Html_HttpEquivLatin1_DecodedAsWindows1252()
    {
        var bytes = Encoding.ASCII.GetBytes("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"></head><body><p>na")
            .Concat(new byte[] { 0xEF, 0x76, 0x65 }).Concat(Encoding.ASCII.GetBytes("</p></body></html>")).ToArray();
        Assert.Equal("naïve", Read(bytes).Blocks[0].Text);
    }

    [Fact]
    public void Html_Utf16Bom_Decoded()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<html><body><h1>Grüße</h1></body></html>")).ToArray();
        Assert.Equal("Grüße", Read(bytes).Blocks[0].Text);
    }

    [Fact]
    public void Html_UnknownCharset_WarnsAndDecodesByContent()
    {
        var doc = Read("<html><head><meta charset=\"x-no-such\"></head><body><p>ok</p></body></html>");
        Assert.Equal("ok", doc.Blocks[0].Text);
        Assert.Contains(doc.Warnings, w => w.Contains("x-no-such"));
    }

    [Fact]
    public void Html_BrokenMarkup_StillRead()
    {
        var doc = Read("<html><body><p>first<p>second <b>bold <i>both</b> after</body>");
        Assert.Equal(["first", "second bold both after"], doc.Blocks.Select(b => b.Text));
    }

    [Fact]
    public void Html_NestingPastTheWalkDepth_TextReadFlatWithWarning()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 600)) + "deep <b>text</b>" + "</body></html>";
        var doc = Bounded(() => Read(html));
        Assert.Contains("deep text", doc.Text);
        Assert.Contains(doc.Warnings, w => w.Contains("nested"));
    }

    [Fact]
    public void Html_HostileNesting_RefusedQuickly()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div><span>", 100_000)) + "x</body></html>";
        var e = Bounded(() => Assert.Throws<DocumentReadException>(() => Read(html)), seconds: 5);
        Assert.Contains("nest", e.Problem);
    }

    [Fact]
    public void Html_ManyUnclosedParagraphsAndComments_NotMistakenForNesting()
    {
        var html = "<html><body><!-- <div><div> -->" + string.Concat(Enumerable.Repeat("<p>para <br> <img src='a>b'>", 3_000)) + "<script>if (a<b) {}</script></body></html>";
        Assert.Equal(3_000, Read(html).Blocks.Count);
    }

    [Fact]
    public void Html_Empty_ClearError() =>
        Assert.Throws<DocumentReadException>(() => new HtmlDocumentReader().Read(Array.Empty<byte>(), "e.html", ReadOptions.Default));
}
