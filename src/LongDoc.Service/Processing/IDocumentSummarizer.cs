using LongDoc.Documents;

namespace LongDoc.Service.Processing;

/// <summary>
/// Writes a document's summary as Markdown (extractive, or by the configured model); a summary made in pieces says
/// which piece it is on to <paramref name="phase"/> (<see cref="Phases.SummarizingPiece"/>).
/// </summary>
public interface IDocumentSummarizer
{
    Task<string> SummarizeAsync(Document document, IProgress<string> phase, CancellationToken ct);
}
