using LongDoc.Documents;
using LongDoc.Tasks.Passages;

namespace LongDoc.Tasks.Tests.Passages;

public sealed class PassageSplitterTests
{
    [Fact]
    public void Split_TitlesInitialsAndListNumbers_NotSentenceEnds()
    {
        const string text = "1. Medical cover was provided by Dr. Tomasz Wielgosz and J. Smith. The ship left. Then (it returned.) Done!";
        var sentences = SentenceSplitter.Split(text).Select(s => text[s.Start..s.End]).ToList();
        Assert.Equal(["1. Medical cover was provided by Dr. Tomasz Wielgosz and J. Smith.", "The ship left.", "Then (it returned.)", "Done!"], sentences);
    }

    [Fact]
    public void Split_Report_SkipsContentsTableAndKeepsPagesOfSentences()
    {
        var document = Samples.Read(Samples.Report);
        var passages = PassageSplitter.Split(document);
        Assert.DoesNotContain(passages, p => p.Text.StartsWith("2.3 Resupply and Shipping |", StringComparison.Ordinal));
        // "19" on the contents page is a stray number, not a passage.
        Assert.DoesNotContain(passages, p => p.Text == "19");
        // A paragraph over the page 6/7 break: its early sentence on 6, as the PDF has it.
        var vessel = Assert.Single(passages, p => p.Text.Contains("RV Aurora Kestrel", StringComparison.Ordinal));
        Assert.Equal(6, vessel.Page);
        Assert.Equal(["2 Station and Logistics", "2.3 Resupply and Shipping"], vessel.Section);
        // Table rows are searched with their header as context.
        var june = Assert.Single(passages, p => p.Text.StartsWith("June |", StringComparison.Ordinal));
        Assert.Contains("Precip. (mm)", june.Context, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_SentenceOverAPageBreak_HasBothPages()
    {
        var passages = PassageSplitter.Split(Documents.OverPageBreak());
        var core = Assert.Single(passages, p => p.Text.Contains("412 metres", StringComparison.Ordinal));
        Assert.Equal((4, 5), (core.Page, core.LastPage));
    }

    [Theory]
    [InlineData("The camp was moved in March.", 4)]
    [InlineData("A second core followed in April.", 5)]
    [InlineData("The winter crew counted 19 people.", 5)]
    public void Split_SentenceOnOnePage_KeepsOnePage(string sentence, int page)
    {
        var passage = Assert.Single(PassageSplitter.Split(Documents.OverPageBreak()), p => p.Text == sentence);
        Assert.Equal((page, page), (passage.Page, passage.LastPage));
    }
}
