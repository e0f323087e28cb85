using LongDoc.Documents;

namespace LongDoc.Service.Processing;

/// <summary>Writes a document's summary as Markdown (extractive today; a model-backed one plugs in the same way).</summary>
public interface IDocumentSummarizer
{
    Task<string> SummarizeAsync(Document document, CancellationToken ct);
}
