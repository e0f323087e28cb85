using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Summaries;

namespace LongDoc.Tasks.Tests.Extractive;

/// <summary>A sentence that runs from page 4 onto page 5 is cited as "[pp. 4-5]", and verified.</summary>
public sealed class ExtractivePageBreakTests
{
    [Fact]
    public void Ask_SentenceOverAPageBreak_CitesBothPagesVerified()
    {
        var answer = ExtractiveAnswerer.Ask(Documents.OverPageBreak(), "How deep was the core drilled?");
        Assert.True(answer.Found);
        var c = answer.Citations[0];
        Assert.Contains("412 metres", c.Quote, StringComparison.Ordinal);
        Assert.Equal((4, 5, true), (c.Page, c.LastPage, c.Verified));
        Assert.Contains("412 metres and then sealed for inspection by the glaciology team. [pp. 4-5]", answer.Text, StringComparison.Ordinal);
        Assert.Contains("[pp. 4-5, Ice Core Drilling]", AnswerText.Render(answer), StringComparison.Ordinal);
        Assert.Equal(5, AnswerJson.ToJson(answer)["citations"]![0]!["lastPage"]!.GetValue<int>());
    }

    [Fact]
    public void Ask_SentenceOnOnePage_CitesOnePage()
    {
        var answer = ExtractiveAnswerer.Ask(Documents.OverPageBreak(), "How many people were in the winter crew?");
        var c = answer.Citations[0];
        Assert.Equal(("The winter crew counted 19 people.", 5, 5, true), (c.Quote, c.Page, c.LastPage, c.Verified));
        Assert.EndsWith("[p. 5]", answer.Text.Split('\n')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Summarize_SentenceOverAPageBreak_PointCitesBothPages()
    {
        var summary = ExtractiveSummarizer.Summarize(Documents.OverPageBreak(), SummaryStyle.Brief);
        var point = Assert.Single(summary.Sections.SelectMany(s => s.Points), p => p.Text.Contains("412 metres", StringComparison.Ordinal));
        Assert.Equal((4, 5), (point.Page, point.LastPage));
        Assert.Contains("inspection by the glaciology team. [pp. 4-5]", SummaryMarkdown.Render(summary), StringComparison.Ordinal);
        Assert.Contains(SummaryJson.Deserialize(SummaryJson.Serialize(summary)).Sections.SelectMany(s => s.Points), p => (p.Page, p.LastPage) == (4, 5));
    }
}
