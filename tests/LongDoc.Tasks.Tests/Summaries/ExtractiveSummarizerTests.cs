using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Citations;
using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Summaries;

namespace LongDoc.Tasks.Tests.Summaries;

public sealed class ExtractiveSummarizerTests
{
    [Fact]
    public void Summarize_Brief_OneParagraphOfVerbatimSentencesOnTheirPages()
    {
        var document = Samples.Read(Samples.Report);
        var summary = ExtractiveSummarizer.Summarize(document, SummaryStyle.Brief);
        Assert.Equal(TaskMode.Extractive, summary.Mode);
        var section = Assert.Single(summary.Sections);
        Assert.Equal((0, 1, 25), (section.Level, section.FirstPage, section.LastPage));
        Assert.InRange(section.Points.Count, 3, ExtractiveSummarizer.BriefSentences);
        AssertVerbatim(document, summary);
        // Informative sentences, not filler: the director's and the budget's figures are the kind it must find.
        Assert.Contains(section.Points, p => p.Text.Contains("Dr. Ingrid Solvang", StringComparison.Ordinal));
    }

    [Fact]
    public void Summarize_Outline_EveryHeadingWithItsPageRange()
    {
        var document = Samples.Read(Samples.Report);
        var summary = ExtractiveSummarizer.Summarize(document, SummaryStyle.Outline);
        var headings = document.Blocks.Where(b => b.Kind == LongDoc.Documents.BlockKind.Heading).Select(b => b.Text).ToList();
        Assert.Equal(headings, summary.Sections.Select(s => s.Heading));
        var chapter = Assert.Single(summary.Sections, s => s.Heading == "2 Station and Logistics");
        Assert.Equal((1, 5, 8), (chapter.Level, chapter.FirstPage, chapter.LastPage));
        var section = Assert.Single(summary.Sections, s => s.Heading == "4.2 Ice Core Drilling");
        Assert.Equal((2, 12, 13), (section.Level, section.FirstPage, section.LastPage));
        Assert.All(summary.Sections, s => Assert.True(s.Points.Count <= ExtractiveSummarizer.OutlineSentences));
        AssertVerbatim(document, summary);
    }

    [Fact]
    public void Summarize_Bullets_ChaptersWithUpToThreePoints()
    {
        var document = Samples.Read(Samples.Report);
        var summary = ExtractiveSummarizer.Summarize(document, SummaryStyle.Bullets);
        Assert.Contains(summary.Sections, s => s.Heading == "10 Outlook for 2026" && s.FirstPage == 24);
        Assert.All(summary.Sections, s => Assert.True(s.Points.Count <= ExtractiveSummarizer.BulletSentences));
        Assert.DoesNotContain(summary.Sections, s => s.Heading == "2.1 Location and Site");   // sections fold into chapters
        var markdown = SummaryMarkdown.Render(summary);
        Assert.Contains("## 4 Glaciology (pp. 12-14)", markdown, StringComparison.Ordinal);
        Assert.Contains("\n- ", markdown, StringComparison.Ordinal);
        AssertVerbatim(document, summary);
    }

    [Theory]
    [InlineData(Samples.Memo)]
    [InlineData(Samples.Faq)]
    [InlineData(Samples.PressRelease)]
    public void Summarize_EveryStyleOnEverySample_LabelledExtractive(string file)
    {
        var document = Samples.Read(file);
        foreach (var style in Enum.GetValues<SummaryStyle>())
        {
            var summary = ExtractiveSummarizer.Summarize(document, style);
            Assert.Contains(summary.Sections, s => s.Points.Count > 0);
            Assert.Contains(SummaryMarkdown.ExtractiveLabel, SummaryMarkdown.Render(summary), StringComparison.Ordinal);
            var json = SummaryJson.Serialize(summary);
            Assert.Contains("\"mode\": \"extractive\"", json, StringComparison.Ordinal);
            Assert.Equal(summary.Sections.Count, SummaryJson.Deserialize(json).Sections.Count);
            AssertVerbatim(document, summary);
        }
    }

    // Every point is a sentence of the page it names (the extractive promise).
    static void AssertVerbatim(LongDoc.Documents.Document document, Summary summary)
    {
        var verifier = new CitationVerifier(document);
        foreach (var p in summary.Sections.SelectMany(s => s.Points))
            Assert.True(verifier.IsOnPage(p.Text, p.Page), $"not on page {p.Page}: {p.Text}");
    }
}
