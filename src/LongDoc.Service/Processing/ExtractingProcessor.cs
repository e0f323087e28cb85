using LongDoc.Documents;
using LongDoc.Documents.Rendering;

namespace LongDoc.Service.Processing;

/// <summary>
/// Extracts (in a child process: <see cref="ChildExtractor"/>), reads the JSON back and summarizes in-process.
/// A file stored under another name than it is shown by (an upload's generated name) is renamed in the document:
/// its source, and a title that came from the file name.
/// </summary>
public sealed class ExtractingProcessor(IExtractor extractor, IDocumentSummarizer summarizer) : IDocumentProcessor
{
    public async Task<ProcessedDocument> ProcessAsync(string path, string name, IProgress<string> phase, CancellationToken ct)
    {
        phase.Report(Phases.Reading);
        var json = await extractor.ExtractJsonAsync(path, phase, ct);
        var document = DocumentJsonReader.Read(json, name);
        if (Path.GetFileName(path) != Path.GetFileName(name))
        {
            document = Renamed(document, path, name);
            json = DocumentJson.Serialize(document);
        }
        phase.Report(Phases.Summarizing);
        FaultPoints.Reach(FaultPoints.Generate);
        var summary = await summarizer.SummarizeAsync(document, phase, ct);
        return new ProcessedDocument(document, json, summary);
    }

    static Document Renamed(Document d, string path, string name) => new()
    {
        Id = d.Id, Source = name, Format = d.Format, Pages = d.Pages, Blocks = d.Blocks, Furniture = d.Furniture, Text = d.Text, Warnings = d.Warnings,
        Title = d.Title == Path.GetFileNameWithoutExtension(path) ? Path.GetFileNameWithoutExtension(name) : d.Title,
    };
}
