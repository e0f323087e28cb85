using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Collections;
using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Summaries;
using LongDoc.Tasks.Tests.Models;

namespace LongDoc.Tasks.Tests.Collections;

public sealed class CollectionSummarizerTests
{
    static IReadOnlyList<DocumentDigest> Digests() =>
        [.. CollectionSamples.Members().Select(m => new DocumentDigest(m.Ref, SummaryMarkdown.Render(ExtractiveSummarizer.Summarize(m.Document, SummaryStyle.Brief))))];

    [Fact]
    public void Extractive_FourDocuments_OneLeadLinePerDocumentReferencedByLabel()
    {
        var summary = CollectionSummarizer.Extractive("Vellmark", Digests());
        var lines = summary.Overview.Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith($"- [D2] {Samples.Memo}: ", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Extractive summary", summary.Overview, StringComparison.Ordinal);   // the label lines are skipped
        Assert.Contains("[p. ", lines[0], StringComparison.Ordinal);
        Assert.Equal(TaskMode.Extractive, summary.Mode);
    }

    [Fact]
    public void Markdown_ExtractiveSummary_EachDocumentUnderItsLabelHeadingsDemoted()
    {
        var markdown = CollectionSummaryMarkdown.Render(CollectionSummarizer.Extractive("Vellmark", Digests()));
        Assert.StartsWith("# Collection summary: Vellmark\n\n> " + CollectionSummarizer.ExtractiveLabel, markdown, StringComparison.Ordinal);
        Assert.Contains($"## [D3] {Samples.Faq}\n\n### Summary: ", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_SummariesLongerThanContext_EachCutToFitAndLabelled()
    {
        var model = new RecordingModel(context: 1024) { Reply = " The collection [D1] [D4]. " };
        var digests = Digests().Select(d => d with { Summary = string.Concat(Enumerable.Repeat(d.Summary, 4)) }).ToList();
        var summary = await CollectionSummarizer.SummarizeAsync(model, "Vellmark", digests, summaryTokens: 128);
        var user = Assert.Single(model.Prompts)[1].Content;
        Assert.True(model.CountPromptTokens(model.Prompts[0]) + 128 <= model.ContextSize);
        Assert.All(CollectionSamples.Files.Select((f, i) => $"## [D{i + 1}] {f}\n"), h => Assert.Contains(h, user, StringComparison.Ordinal));
        Assert.Equal(("The collection [D1] [D4].", TaskMode.Model, "scripted"), (summary.Overview, summary.Mode, summary.Model));
        Assert.Equal(digests, summary.Documents);
    }

    [Fact]
    public void Json_Summary_DocumentsWithLabelsIdsAndNames()
    {
        var json = CollectionSummaryJson.ToJson(CollectionSummarizer.Extractive("Vellmark", Digests()));
        Assert.Equal(["name", "mode", "model", "overview", "documents"], json.Select(p => p.Key));
        var second = json["documents"]![1]!;
        Assert.Equal(("D2", Samples.Path(Samples.Memo), Samples.Memo), ((string?)second["label"], (string?)second["id"], (string?)second["name"]));
    }
}
