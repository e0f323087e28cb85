using LongDoc.Documents;
using LongDoc.Service.Http;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Summaries;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Processing;

/// <summary>
/// The summary written by the configured model (section "Model", the service's <see cref="SharedModel"/>):
/// LongDoc.Tasks' ModelSummarizer, in the configured style (whole document in one pass when it fits, map-reduce over
/// its sections otherwise). One document conversation at a time on the model. Its map stages ("map 2/5") become the
/// phase's piece; every other stage (the whole-document pass, the reduce) is plain summarizing.
/// </summary>
public sealed class ModelDocumentSummarizer(SharedModel model, IOptions<SummaryOptions> summary) : IDocumentSummarizer
{
    public async Task<string> SummarizeAsync(Document document, IProgress<string> phase, CancellationToken ct)
    {
        using var turn = await model.EnterDocumentAsync(ct);
        var stages = new StageProgress(phase);
        var result = await new ModelSummarizer(await model.DocumentsAsync(ct), document) { SummaryTokens = model.DefaultMaxTokens }.SummarizeAsync(summary.Value.Style, stages, ct);
        return SummaryMarkdown.Render(result.Summary);
    }
}

/// <summary>The summarizer's progress (reported during prefill, many times a stage) as the job's phase.</summary>
sealed class StageProgress(IProgress<string> phase) : IProgress<TaskProgress>
{
    public void Report(TaskProgress value) => phase.Report(Piece(value.Stage) is var (done, total) ? Phases.SummarizingPiece(done, total) : Phases.Summarizing);

    /// <summary>"map 2/5" -> (2, 5); null for any other stage.</summary>
    public static (int Done, int Total)? Piece(string stage) =>
        stage.StartsWith("map ", StringComparison.Ordinal) && stage[4..].Split('/') is [var d, var t] && int.TryParse(d, out var done) && int.TryParse(t, out var total)
            ? (done, total) : null;
}
