using LongDoc.Documents;
using LongDoc.Documents.Readers;
using LongDoc.Documents.Rendering;

namespace LongDoc.Service.Processing;

/// <summary>Reads documents in this process (Extraction:InProcess): no process start per file, no isolation.</summary>
public sealed class InProcessExtractor(ExtractionOptions options) : IExtractor
{
    public Task<string> ExtractJsonAsync(string path, IProgress<string> phase, CancellationToken ct)
    {
        try
        {
            FaultPoints.Reach(FaultPoints.Extract);
            return Task.FromResult(DocumentJson.Serialize(DocumentReaders.ReadFile(path, options.ReadOptions(phase))));
        }
        catch (DocumentReadException e)
        {
            throw new ExtractionException(path, ExtractionFailure.BadInput, e.Message.Replace(path + ": ", ""));
        }
    }
}
