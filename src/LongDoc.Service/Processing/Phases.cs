namespace LongDoc.Service.Processing;

/// <summary>
/// What a running job is doing, as the job store keeps it and the API shows it ("phase"): reading the file, "ocr i/n"
/// while Tesseract recognises its pages (pages done of pages to recognise), then summarizing it, with the map piece
/// "i/n" when a model summarizes a long document in pieces. Reported once per change, never per token.
/// </summary>
public static class Phases
{
    public const string Reading = "reading";
    public const string Summarizing = "summarizing";
    public const string Ocr = "ocr";

    /// <summary><paramref name="done"/> of <paramref name="total"/> pages recognised.</summary>
    public static string OcrPages(int done, int total) => $"{Ocr} {done}/{total}";

    /// <summary>Piece <paramref name="done"/> of <paramref name="total"/> of a map-reduce summary.</summary>
    public static string SummarizingPiece(int done, int total) => $"{Summarizing} {done}/{total}";
}
