using LongDoc.Documents;
using LongDoc.Service.Http;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Summaries;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Processing;

/// <summary>
/// The summary written by the configured model (section "Model", the service's <see cref="SharedModel"/>):
/// LongDoc.Tasks' ModelSummarizer, in the configured style (whole document in one pass when it fits, map-reduce over
/// its sections otherwise). One document conversation at a time on the model.
/// </summary>
public sealed class ModelDocumentSummarizer(SharedModel model, IOptions<SummaryOptions> summary) : IDocumentSummarizer
{
    public async Task<string> SummarizeAsync(Document document, CancellationToken ct)
    {
        using var turn = await model.EnterDocumentAsync(ct);
        var result = await new ModelSummarizer(await model.DocumentsAsync(ct), document) { SummaryTokens = model.DefaultMaxTokens }.SummarizeAsync(summary.Value.Style, null, ct);
        return SummaryMarkdown.Render(result.Summary);
    }
}
