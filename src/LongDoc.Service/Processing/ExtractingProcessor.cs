namespace LongDoc.Service.Processing;

/// <summary>
/// Extracts (in a child process: <see cref="ChildExtractor"/>), reads the JSON back and summarizes in-process.
/// </summary>
public sealed class ExtractingProcessor(IExtractor extractor, IDocumentSummarizer summarizer) : IDocumentProcessor
{
    public async Task<ProcessedDocument> ProcessAsync(string path, CancellationToken ct)
    {
        var json = await extractor.ExtractJsonAsync(path, ct);
        var document = DocumentJsonReader.Read(json, path);
        FaultPoints.Reach(FaultPoints.Generate);
        var summary = await summarizer.SummarizeAsync(document, ct);
        return new ProcessedDocument(document, json, summary);
    }
}
