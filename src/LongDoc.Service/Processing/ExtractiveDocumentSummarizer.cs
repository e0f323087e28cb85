using LongDoc.Documents;
using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Summaries;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Processing;

/// <summary>The summary without a language model: LongDoc.Tasks' extractive summarizer, in the configured style.</summary>
public sealed class ExtractiveDocumentSummarizer(IOptions<SummaryOptions> options) : IDocumentSummarizer
{
    public Task<string> SummarizeAsync(Document document, IProgress<string> phase, CancellationToken ct) =>
        Task.FromResult(SummaryMarkdown.Render(ExtractiveSummarizer.Summarize(document, options.Value.Style)));
}
