using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Summaries;

namespace LongDoc.Tasks.Tests.Summaries;

public sealed class LanguageSummaryTests
{
    [Fact]
    public void Summarize_Chinese_QuotesWholeSentences()
    {
        var points = ExtractiveSummarizer.Summarize(Documents.FromPages(LanguageDocuments.Chinese), SummaryStyle.Brief)
            .Sections.SelectMany(s => s.Points).ToList();
        Assert.NotEmpty(points);
        Assert.All(points, p => Assert.True(p.Text.EndsWith('。') && p.Text.IndexOf('。') == p.Text.Length - 1, p.Text));
    }

    [Fact]
    public void Summarize_German_KeepsAbbreviationsInside()
    {
        var points = ExtractiveSummarizer.Summarize(Documents.FromPages(LanguageDocuments.German), SummaryStyle.Brief)
            .Sections.SelectMany(s => s.Points).Select(p => p.Text).ToList();
        Assert.NotEmpty(points);
        Assert.DoesNotContain(points, p => p.EndsWith(" d.", StringComparison.Ordinal) || p.EndsWith(" z.", StringComparison.Ordinal) || p.EndsWith(" u.", StringComparison.Ordinal));
        Assert.DoesNotContain(points, p => p.StartsWith("h. ", StringComparison.Ordinal) || p.StartsWith("B. ", StringComparison.Ordinal) || p.StartsWith("a. ", StringComparison.Ordinal));
    }
}
