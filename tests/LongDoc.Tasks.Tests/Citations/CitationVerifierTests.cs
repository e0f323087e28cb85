using LongDoc.Tasks.Citations;

namespace LongDoc.Tasks.Tests.Citations;

public sealed class CitationVerifierTests
{
    static readonly CitationVerifier Verifier = new(Documents.FromPages(
        "The station is run under an inter-\nnational agreement signed in 1987.",
        "Winter   crew:\n19 people, led by Dr. Ingrid Solvang.",
        "The “new” laboratory — named for Marguerite Hollis — opens in 2027."));

    [Theory]
    [InlineData("under an international agreement", 1)]          // hyphenated at a line break in the page
    [InlineData("UNDER AN INTER-\n  NATIONAL AGREEMENT", 1)]      // and in the quote, upper case
    [InlineData("winter crew: 19 people", 2)]                     // runs of spaces and line breaks
    [InlineData("led by Dr. Ingrid Solvang", 2)]
    [InlineData("The \"new\" laboratory - named for Marguerite Hollis", 3)] // curly quotes and dashes
    [InlineData("The station ... signed in 1987", 1)]             // an ellipsis: both parts, in order
    public void Verify_QuoteOnItsPage_Verified(string quote, int page) =>
        Assert.True(Verifier.Verify(new Citation(page, "", quote)).Verified);

    [Theory]
    [InlineData("19 people", 1)]                                  // on page 2, cited as page 1
    [InlineData("19 people", 4)]                                  // no page 4
    [InlineData("19 people", 0)]
    [InlineData("9 people, led by Dr. Tomasz", 2)]                // words not on the page
    [InlineData("signed in 1987 ... The station", 1)]             // parts out of order
    [InlineData("  ", 2)]                                         // nothing to check
    [InlineData("in", 1)]                                         // too short to be evidence
    public void Verify_QuoteNotOnThatPage_Unverified(string quote, int page) =>
        Assert.False(Verifier.Verify(new Citation(page, "", quote)).Verified);

    [Fact]
    public void Verify_QuoteOverAPageBreak_VerifiedOnBothPagesOnly()
    {
        var verifier = new CitationVerifier(Documents.FromPages("Intro.", "The core was drilled to 412 metres and then", "sealed for inspection."));
        const string quote = "drilled to 412 metres and then sealed for inspection";
        Assert.True(verifier.Verify(new Citation(2, "", quote) { LastPage = 3 }).Verified);
        Assert.False(verifier.Verify(new Citation(2, "", quote)).Verified);
        Assert.False(verifier.Verify(new Citation(1, "", quote) { LastPage = 2 }).Verified);
        Assert.False(verifier.IsOnPages(quote, 3, 2));
    }

    [Fact]
    public void Verify_HyphenInsideAWord_IsNotJoined()
    {
        // "sea-ice" is written with its hyphen; only a hyphen before a line break is a word split by the line.
        var verifier = new CitationVerifier(Documents.FromPages("Training in sea-ice safety."));
        Assert.True(verifier.IsOnPage("sea-ice safety", 1));
        Assert.False(verifier.IsOnPage("seaice safety", 1));
    }

    [Fact]
    public void PagesWith_QuoteOnPageTwo_ListsOnlyPageTwo() =>
        Assert.Equal([2], Verifier.PagesWith("Ingrid Solvang"));

    [Fact]
    public void Normalize_LineBreakHyphenAndSpaces_OneForm() =>
        Assert.Equal("the inter national international", QuoteNormalizer.Normalize("The  inter national\tinter-\r\n national"));
}
