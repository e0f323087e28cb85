namespace LongDoc.Service.Processing;

/// <summary>Reads a file into LongDoc's document JSON; a file it cannot read is an <see cref="ExtractionException"/>.</summary>
public interface IExtractor
{
    Task<string> ExtractJsonAsync(string path, CancellationToken ct);
}
