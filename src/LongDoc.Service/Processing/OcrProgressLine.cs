namespace LongDoc.Service.Processing;

/// <summary>
/// How the `longdoc extract` child tells <see cref="ChildExtractor"/> its OCR progress: with <see cref="Variable"/>=1 in
/// its environment it writes "longdoc-ocr: DONE/TOTAL" lines to stderr, which the parent reads as the job's phase and
/// keeps out of the error text.
/// </summary>
public static class OcrProgressLine
{
    public const string Variable = "LONGDOC_OCR_PROGRESS";
    const string Prefix = "longdoc-ocr: ";

    public static string Format(int done, int total) => $"{Prefix}{done}/{total}";

    /// <summary>(done, total) of a progress line; null for any other line.</summary>
    public static (int Done, int Total)? Parse(string line) =>
        line.StartsWith(Prefix, StringComparison.Ordinal) && line[Prefix.Length..].Split('/') is [var d, var t]
        && int.TryParse(d, out var done) && int.TryParse(t, out var total) ? (done, total) : null;
}
