using System.Text;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// What PdfPig 0.1.16 cannot survive, checked on the raw bytes before it opens the file: a stack overflow ends the
/// process and cannot be caught, and a loop inside PdfPig cannot be stopped, so these files must never reach it.
/// </summary>
static class PdfPreflight
{
    /// <summary>Null when the file may be handed to PdfPig; else the problem, one line.</summary>
    public static string? Check(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var objects = PdfRawObjects.Scan(text);
        return PdfGraphGuard.Check(objects) ?? PdfXrefStreamLimits.Check(objects) ?? PdfCMapRanges.Check(text);
    }
}
