using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Summaries;
using LongDoc.Tasks.Tests.Models;

namespace LongDoc.Tasks.Tests.Answers;

/// <summary>A document without text (scanned pages): every output says so, and no model is asked to make one up.</summary>
public sealed class NoTextTests
{
    [Fact]
    public void ExtractiveAsk_ScannedDocument_NoTextAnswerNotFound()
    {
        var answer = ExtractiveAnswerer.Ask(Documents.Scanned(3), "What is this about?");
        Assert.Equal(Answer.NoText, answer.Text);
        Assert.False(answer.Found);
        Assert.Empty(answer.Citations);
    }

    [Fact]
    public void ExtractiveSummary_ScannedDocument_MarkdownSaysNothingToSummarize()
    {
        var markdown = SummaryMarkdown.Render(ExtractiveSummarizer.Summarize(Documents.Scanned(2), SummaryStyle.Outline));
        Assert.Contains(SummaryMarkdown.NoTextNote, markdown, StringComparison.Ordinal);
        Assert.Contains("2 pages", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtractiveSummary_TextWithoutPickableSentences_KeepsHeadingsAndNoNote()
    {
        // A tiny document whose sentences the scorer may all pass over still has text: its outline stays, no "no text" note.
        var document = LongDoc.Documents.Readers.DocumentReaders.Read(System.Text.Encoding.UTF8.GetBytes("# Report 7\n\nThis is document number 7.\n\n## Details 7\n\nMore text for 7.\n"), "report.md");
        var markdown = SummaryMarkdown.Render(ExtractiveSummarizer.Summarize(document, SummaryStyle.Outline));
        Assert.DoesNotContain(SummaryMarkdown.NoTextNote, markdown, StringComparison.Ordinal);
        Assert.Contains("Details 7", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelAskAndSummary_ScannedDocument_ModelNeverAsked()
    {
        var model = new RecordingModel { Reply = "An invented answer [p. 1]" };
        var answer = await new ModelAsker(model, Documents.Scanned(1)).AskAsync("What is this about?");
        var summary = await new ModelSummarizer(model, Documents.Scanned(1)).SummarizeAsync(SummaryStyle.Brief);

        Assert.Empty(model.Prompts);
        Assert.Equal(Answer.NoText, answer.Text);
        Assert.Equal(TaskMode.Model, answer.Mode);
        Assert.Contains(SummaryMarkdown.NoTextNote, SummaryMarkdown.Render(summary.Summary), StringComparison.Ordinal);
    }
}
