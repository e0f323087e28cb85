using LongDoc.Documents.Readers.Pdf;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>The layout steps on hand-made geometry (points, y up), without PdfPig.</summary>
public class PdfLayoutTests
{
    static PdfLine Line(string text, double left, double right, double baseline, double size = 10, bool bold = false) =>
        new(text, left, right, baseline + 0.75 * size, baseline - 0.25 * size, size, bold);

    static PdfTextBlock Block(int page, params PdfLine[] lines)
    {
        var b = new PdfTextBlock(page, lines[0]);
        foreach (var l in lines.Skip(1)) b.Add(l);
        return b;
    }

    [Fact]
    public void ReadingOrder_TwoColumnsUnderFullWidthTitle_TitleThenLeftThenRight()
    {
        var title = Block(1, Line("Title", 72, 540, 750, 17));
        var left1 = Block(1, Line("left one", 72, 300, 700), Line("left one b", 72, 300, 688));
        var left2 = Block(1, Line("left two", 72, 300, 660));
        var right1 = Block(1, Line("right one", 312, 540, 700));
        var right2 = Block(1, Line("right two", 312, 540, 660));
        var order = PdfReadingOrder.Order([right2, left2, title, right1, left1]);
        Assert.Equal(["Title", "left one", "left two", "right one", "right two"], order.Select(b => b.Lines[0].Text));
    }

    [Fact]
    public void ReadingOrder_SingleColumn_TopToBottom()
    {
        var a = Block(1, Line("a", 72, 540, 700));
        var b = Block(1, Line("b", 72, 300, 680));
        var c = Block(1, Line("c", 72, 540, 660));
        Assert.Equal(["a", "b", "c"], PdfReadingOrder.Order([c, a, b]).Select(x => x.Lines[0].Text));
    }

    [Fact]
    public void Blocks_IndentedLineAfterFullLines_StartsNewParagraph()
    {
        var lines = new List<PdfLine>
        {
            Line("First paragraph line one that is long", 72, 500, 700),
            Line("first paragraph line two that is long", 72, 500, 688),
            Line("Second paragraph, indented", 87, 500, 676),
            Line("second paragraph continues", 72, 500, 664),
        };
        var blocks = PdfBlocks.Build(1, lines);
        Assert.Equal([2, 2], blocks.Select(b => b.Lines.Count));
    }

    [Fact]
    public void Blocks_LargerFontLine_IsItsOwnBlock()
    {
        var blocks = PdfBlocks.Build(1, [Line("Heading", 72, 200, 700, 14.4), Line("Body text below the heading", 72, 500, 685)]);
        Assert.Equal(2, blocks.Count);
    }

    [Fact]
    public void JoinLines_LineEndHyphenBeforeLowercase_IsRemoved()
    {
        var text = PdfBlockWriter.JoinLines([Line("consectetuer adip-", 0, 1, 10), Line("iscing elit", 0, 1, 0)]);
        Assert.Equal("consectetuer adipiscing elit", text);
    }

    [Fact]
    public void JoinLines_LineEndHyphenBeforeCapital_KeepsTheHyphen()
    {
        var text = PdfBlockWriter.JoinLines([Line("die Geo-", 0, 1, 10), Line("Topologie", 0, 1, 0)]);
        Assert.Equal("die Geo-Topologie", text);
    }

    [Fact]
    public void Furniture_RepeatedRunningTitleAndPageNumbers_AreFound()
    {
        var pages = Enumerable.Range(1, 5).Select(n => new PdfPageText(n, 800, [
            Block(n, Line($"Chapter Title {n}", 72, 300, 770)),
            Block(n, Line($"Body text unique to page {n}", 72, 500, 400)),
            Block(n, Line($"{n}", 290, 300, 30)),
        ])).ToList();
        var found = PdfFurniture.Find(pages);
        Assert.Equal(10, found.Count);
        Assert.Equal(5, found.Values.Count(k => k == BlockKind.Header));
        Assert.DoesNotContain(pages.SelectMany(p => p.Blocks).Where(b => b.Lines[0].Text.StartsWith("Body")), found.ContainsKey);
    }

    [Fact]
    public void Headings_LargerSizesRankedAndBoldBodyLast()
    {
        var h1 = Block(1, Line("Chapter One", 72, 300, 700, 20));
        var h2 = Block(1, Line("Section One", 72, 300, 670, 14));
        var h3 = Block(1, Line("Run-in Heading", 72, 300, 650, 10, bold: true));
        var body = Block(1, Enumerable.Range(0, 10).Select(i => Line("body text body text body text body text", 72, 500, 600 - 12 * i)).ToArray());
        var levels = PdfHeadings.Find([h1, h2, h3, body], PdfHeadings.BodySize([h1, h2, h3, body]), []);
        Assert.Equal(1, levels[h1]);
        Assert.Equal(2, levels[h2]);
        Assert.Equal(3, levels[h3]);
        Assert.False(levels.ContainsKey(body));
    }

    [Fact]
    public void Writer_ListMarkersAtTwoIndents_GiveDepthsZeroAndOne()
    {
        var outer = Block(1, Line("1) Outer item", 72, 400, 700));
        var inner = Block(1, Line("a) Inner item", 90, 400, 680));
        var outer2 = Block(1, Line("2) Second outer item", 72, 400, 660));
        var builder = new DocumentBuilder([], "list.pdf", DocumentFormat.Pdf);
        var cx = new PdfBlockWriter.Context(builder, 10, [], [], []);
        PdfBlockWriter.WritePage(cx, new PdfPageText(1, 800, [outer, inner, outer2]));
        PdfBlockWriter.Finish(cx);
        var doc = builder.Build();
        Assert.All(doc.Blocks, b => Assert.Equal(BlockKind.ListItem, b.Kind));
        Assert.Equal([0, 1, 0], doc.Blocks.Select(b => b.Level));
    }

    [Fact]
    public void Writer_ParagraphContinuedOnNextPage_RecordsWhereThePageBegins()
    {
        var before = Block(4, Line("The core was drilled to a depth of", 72, 400, 80), Line("412 metres and then sealed for", 72, 400, 68));
        var after = Block(5, Line("inspection. A second core followed.", 72, 400, 700));
        var builder = new DocumentBuilder([], "over.pdf", DocumentFormat.Pdf);
        var cx = new PdfBlockWriter.Context(builder, 10, [], [], []);
        PdfBlockWriter.WritePage(cx, new PdfPageText(4, 800, [before]));
        PdfBlockWriter.WritePage(cx, new PdfPageText(5, 800, [after]));
        PdfBlockWriter.Finish(cx);
        var block = Assert.Single(builder.Build().Blocks);
        Assert.Equal([4, 5], block.Pages);
        Assert.NotNull(block.PageStarts);
        Assert.Equal("inspection.", block.Text[block.PageStarts[1]..].Split(' ')[0]);
    }

    [Fact]
    public void Writer_ParagraphOnOnePage_HasNoPageStarts()
    {
        var builder = new DocumentBuilder([], "one.pdf", DocumentFormat.Pdf);
        var cx = new PdfBlockWriter.Context(builder, 10, [], [], []);
        PdfBlockWriter.WritePage(cx, new PdfPageText(4, 800, [Block(4, Line("A paragraph that ends here.", 72, 400, 700))]));
        PdfBlockWriter.Finish(cx);
        var block = Assert.Single(builder.Build().Blocks);
        Assert.Equal([4], block.Pages);
        Assert.Null(block.PageStarts);
    }
}
