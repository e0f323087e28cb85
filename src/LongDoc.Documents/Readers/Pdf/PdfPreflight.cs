namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// What PdfPig 0.1.16 cannot survive, checked on the raw objects (<see cref="PdfRawObjects"/>) before it opens the
/// file: a stack overflow ends the process and cannot be caught, so these files must never reach it.
/// </summary>
static class PdfPreflight
{
    static readonly Func<List<(int Number, string Head)>, string?>[] Checks = [PdfGraphGuard.Check, PdfXrefStreamLimits.Check];

    /// <summary>Null when the file may be handed to PdfPig; else the problem, one line.</summary>
    public static string? Check(ReadOnlySpan<byte> bytes)
    {
        var objects = PdfRawObjects.Scan(bytes);
        foreach (var check in Checks)
            if (check(objects) is { } problem) return problem;
        return null;
    }
}
