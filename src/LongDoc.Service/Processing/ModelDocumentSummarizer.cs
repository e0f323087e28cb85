using LongDoc.Documents;
using LongDoc.Runtime.Models;
using LongDoc.Service.Http;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Summaries;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Processing;

/// <summary>
/// The summary written by the configured model (section "Model"): LongDoc.Tasks' ModelSummarizer, in the configured
/// style (whole document in one pass when it fits, map-reduce over its sections otherwise). The model is loaded on
/// first use; its KV cache is one conversation, so documents are summarized one at a time.
/// </summary>
public sealed class ModelDocumentSummarizer : IDocumentSummarizer, IDisposable
{
    readonly Lazy<RuntimeDocumentModel> _model;
    readonly SemaphoreSlim _turn = new(1, 1);
    readonly SummaryOptions _summary;
    readonly int _maxTokens;

    public ModelDocumentSummarizer(IOptions<ModelOptions> model, IOptions<SummaryOptions> summary)
    {
        var o = model.Value;
        if (string.IsNullOrWhiteSpace(o.Path)) throw new ArgumentException("Model:Path is not set: the summarizer needs a model", nameof(model));
        _summary = summary.Value;
        _maxTokens = o.DefaultMaxTokens;
        _model = new(() => RuntimeDocumentModel.Open(o.Path, new RuntimeOptions { ContextSize = o.ContextSize, Threads = o.Threads }, o.ChatTemplate));
    }

    public async Task<string> SummarizeAsync(Document document, CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            var result = await new ModelSummarizer(_model.Value, document) { SummaryTokens = _maxTokens }.SummarizeAsync(_summary.Style, null, ct);
            return SummaryMarkdown.Render(result.Summary);
        }
        finally { _turn.Release(); }
    }

    public void Dispose()
    {
        if (_model.IsValueCreated) _model.Value.Dispose();
        _turn.Dispose();
    }
}
