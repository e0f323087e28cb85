namespace LongDoc.Documents.Readers.Ocr;

/// <summary>When pages are recognised: auto (pages without a usable text layer), off, or force (every page).</summary>
public enum OcrMode { Auto, Off, Force }

/// <summary>How and within which limits pages are recognised with Tesseract (run as child processes).</summary>
public sealed record OcrOptions
{
    public static readonly OcrOptions Default = new();
    public OcrMode Mode { get; init; } = OcrMode.Auto;
    /// <summary>Tesseract languages joined by '+' ("eng+deu"); null: every installed pack (`tesseract --list-langs`).</summary>
    public string? Languages { get; init; }
    /// <summary>Resolution PDF pages are rendered at for recognition.</summary>
    public int Dpi { get; init; } = 300;
    /// <summary>Wall-clock limit of one page's rendering or recognition; the tool is killed past it.</summary>
    public int PageTimeoutSeconds { get; init; } = 120;
    /// <summary>Largest image (width x height) handed to Tesseract; bigger ones are refused by their header.</summary>
    public long MaxPixels { get; init; } = 100_000_000;
    /// <summary>Most pages of a multi-page TIFF.</summary>
    public int MaxImagePages { get; init; } = 1000;
    /// <summary>The Tesseract and pdftoppm (poppler-utils) executables: names looked up on PATH, or paths.</summary>
    public string TesseractCommand { get; init; } = "tesseract";
    public string PdftoppmCommand { get; init; } = "pdftoppm";
    /// <summary>
    /// Told (pages recognised so far, pages to recognise) before the first page and after each one (a page that could
    /// not be recognised counts as done); for a PDF from several threads at once, in no fixed order.
    /// </summary>
    public Action<int, int>? PagesRecognized { get; init; }
}
