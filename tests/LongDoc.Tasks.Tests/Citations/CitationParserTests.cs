using LongDoc.Tasks.Citations;

namespace LongDoc.Tasks.Tests.Citations;

public sealed class CitationParserTests
{
    static readonly LongDoc.Documents.Document Doc = Documents.FromPages(
        "The first hut was raised on 14 February 1987.",
        "The winter crew numbered 19 people.");

    [Fact]
    public void Parse_QuotedAndMarked_QuoteAndPageAndSection()
    {
        var citations = CitationParser.Parse("It was founded in 1987 \"the first hut was raised on 14 February 1987\" [p. 1].", Doc);
        var c = Assert.Single(citations);
        Assert.Equal(1, c.Page);
        Assert.Equal("the first hut was raised on 14 February 1987", c.Quote);
        Assert.Equal("Chapter", c.Section);
        Assert.True(new CitationVerifier(Doc).Verify(c).Verified);
    }

    [Fact]
    public void Parse_MarkerWithoutQuote_TakesTheSentenceItCloses()
    {
        var citations = CitationParser.Parse("Founded long ago. The winter crew numbered 19 people [p 2]. Other text (page 1)", Doc);
        Assert.Equal(2, citations.Count);
        Assert.Equal((2, "The winter crew numbered 19 people"), (citations[0].Page, citations[0].Quote));
        Assert.Equal((1, "Other text"), (citations[1].Page, citations[1].Quote));
    }

    [Fact]
    public void Parse_PageRangeAndCurlyQuotes_FirstPage()
    {
        var c = Assert.Single(CitationParser.Parse("Crew: “19 people” [pp. 2-3]", Doc));
        Assert.Equal((2, "19 people"), (c.Page, c.Quote));
        Assert.Equal(2, c.LastPage);   // the document has no page 3
    }

    [Fact]
    public void Parse_RangeOverOnePageBreak_BothPages()
    {
        var c = Assert.Single(CitationParser.Parse("Founded \"in 1987. The winter crew\" [pp. 1-2]", Doc));
        Assert.Equal((1, 2, "[pp. 1-2]"), (c.Page, c.LastPage, $"[{c.Pages}]"));
    }

    [Fact]
    public void Parse_WideRange_FirstPageOnly()
    {
        var doc = Documents.FromPages("a", "b", "c", "The crew numbered 19 people.");
        var c = Assert.Single(CitationParser.Parse("\"19 people\" [pp. 1-4]", doc));
        Assert.Equal((1, 1), (c.Page, c.LastPage));
        Assert.False(new CitationVerifier(doc).Verify(c).Verified);
    }

    [Fact]
    public void Parse_WrongPage_ParsedButUnverified()
    {
        var c = Assert.Single(new CitationVerifier(Doc).VerifyAll(CitationParser.Parse("\"19 people\" [p. 1]", Doc)));
        Assert.False(c.Verified);
        Assert.Equal("", c.Section);   // no block on page 1 holds it
    }

    [Fact]
    public void Parse_NoMarkers_NoCitations() =>
        Assert.Empty(CitationParser.Parse("Not in the document.", Doc));
}
