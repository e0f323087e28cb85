namespace LongDoc.Service.Processing;

/// <summary>
/// Reads a file into LongDoc's document JSON; a file it cannot read is an <see cref="ExtractionException"/>. Pages
/// recognised by OCR are told to <paramref name="phase"/> (<see cref="Phases.OcrPages"/>).
/// </summary>
public interface IExtractor
{
    Task<string> ExtractJsonAsync(string path, IProgress<string> phase, CancellationToken ct);
}
