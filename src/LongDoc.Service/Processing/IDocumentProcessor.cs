using LongDoc.Documents;

namespace LongDoc.Service.Processing;

/// <summary>What processing a file yields: the document (for later questions), its JSON, and a Markdown summary.</summary>
public sealed record ProcessedDocument(Document Document, string DocumentJson, string SummaryMarkdown);

/// <summary>
/// Turns a file into a <see cref="ProcessedDocument"/>, the document called by the given name (the job's name: what
/// its summary and errors call it); throws <see cref="ExtractionException"/> for a file it cannot read. Says where it
/// is to <paramref name="phase"/> (<see cref="Phases"/>).
/// </summary>
public interface IDocumentProcessor
{
    Task<ProcessedDocument> ProcessAsync(string path, string name, IProgress<string> phase, CancellationToken ct);
}
