using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Summaries;

namespace LongDoc.Tasks.Tests.Models;

public sealed class ModelSummarizerTests(RandomModelFixture fixture) : IClassFixture<RandomModelFixture>
{
    [Fact]
    public async Task Summarize_FitsTheContext_OnePass()
    {
        using var runtime = fixture.Open(8192);
        var model = new RecordingModel(runtime);
        var result = await new ModelSummarizer(model, Samples.Read(Samples.Faq)) { SummaryTokens = 8 }.SummarizeAsync(SummaryStyle.Brief);
        Assert.False(result.MapReduce);
        Assert.Single(model.Prompts);
        Assert.Equal(TaskMode.Model, result.Summary.Mode);
        Assert.Equal(runtime.Name, result.Summary.Model);
        Assert.Contains("one paragraph", model.Prompts[0][1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summarize_DefaultContextDocumentOver8192Tokens_OnePass()
    {
        // 10 pages of about 950 bytes: over 8192 tokens of the byte-level vocabulary, under the model's 16384
        var pages = Enumerable.Range(1, 10).Select(p => string.Join(" ", Enumerable.Range(0, 19).Select(i =>
            $"Page {p} line {i}: the survey counted {p * 100 + i} birds near the river."))).ToArray();
        var document = Documents.FromPages(pages);
        using var runtime = fixture.Open(0);
        Assert.Equal(16384, runtime.ContextSize);
        Assert.InRange(runtime.CountTokens(LongDoc.Tasks.Prompts.DocumentRenderer.Render(document)), 8193, 16000);
        var model = new RecordingModel(runtime);
        var result = await new ModelSummarizer(model, document) { SummaryTokens = 8 }.SummarizeAsync(SummaryStyle.Brief);
        Assert.False(result.MapReduce);
        Assert.Contains("Page 10 line 18", Assert.Single(model.Prompts)[1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summarize_ContextForcedSmall_MapReduceKeepsOutlineAndPages()
    {
        var document = Samples.Read(Samples.Memo);
        using var runtime = fixture.Open(1024);
        var model = new RecordingModel(runtime);
        var result = await new ModelSummarizer(model, document) { SummaryTokens = 8 }.SummarizeAsync(SummaryStyle.Outline);

        Assert.True(result.MapReduce);
        Assert.True(result.Parts >= 2, $"{result.Parts} parts");
        // Map prompts name each part's heading and pages; the last prompt combines them.
        Assert.Equal(result.Parts, model.Prompts.Count(p => p[1].Content.Contains("This is the part", StringComparison.Ordinal)));
        Assert.Contains("Summaries of the parts of a document", model.Prompts[^1][1].Content, StringComparison.Ordinal);
        Assert.All(model.Prompts, p => Assert.True(runtime.CountPromptTokens(p) + 8 <= runtime.ContextSize));

        var sections = result.Summary.Sections;
        Assert.Equal(result.Parts + 1, sections.Count);                  // overview + one per part
        Assert.Equal((0, 1, 2), (sections[0].Level, sections[0].FirstPage, sections[0].LastPage));
        var headings = document.Blocks.Where(b => b.Kind == LongDoc.Documents.BlockKind.Heading).Select(b => b.Text).ToHashSet();
        Assert.All(sections.Skip(1), s => Assert.True(headings.Contains(s.Heading) || s.Heading == "Beginning", s.Heading));
        Assert.Equal(2, sections.Skip(1).Max(s => s.LastPage));         // the appendix on page 2 is covered
        var markdown = SummaryMarkdown.Render(result.Summary);
        foreach (var s in sections.Skip(1))
            Assert.Contains($" {s.Heading} ({(s.FirstPage == s.LastPage ? $"p. {s.FirstPage}" : $"pp. {s.FirstPage}-{s.LastPage}")})", markdown, StringComparison.Ordinal);
    }
}
