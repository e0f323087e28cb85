using LongDoc.Documents.Readers.Pdf;
using PdfPage = UglyToad.PdfPig.Content.Page;

namespace LongDoc.Documents.Readers.Ocr;

/// <summary>
/// Which PDF pages are recognised, and recognising them: in auto mode a page with no text but an image, or whose
/// text covers under a tenth of a page that is mostly image (a scan with a stamp or a header line of text). Pages
/// are rendered at <see cref="OcrOptions.Dpi"/> (lower when the page is huge) and recognised in parallel.
/// </summary>
static class PdfOcr
{
    const double MostlyImage = 0.5, LittleText = 0.1, WholePage = 0.9;   // fractions of the page area
    const int MinDpi = 50;
    const int MinScanDpi = 200;   // a scan of lower resolution is rendered at this one (Tesseract reads small text badly)

    /// <summary>A page to recognise: its size in points and, when one image covers it, that image's resolution.</summary>
    public sealed record PageBox(int Number, double Width, double Height, double? ImageDpi);

    /// <summary>The page's box; a scan (one image over the whole page) is rendered at its own resolution, not above <see cref="OcrOptions.Dpi"/>.</summary>
    public static PageBox Box(PdfPage page, int number)
    {
        double? dpi = null;
        try
        {
            var images = page.GetImages().ToList();
            if (images is [var scan] && scan.BoundingBox.Width * scan.BoundingBox.Height >= WholePage * page.Width * page.Height)
                dpi = scan.WidthInSamples / (Math.Abs(scan.BoundingBox.Width) / 72);
        }
        catch (Exception e) when (e is not OutOfMemoryException) { }   // unreadable image: render at the configured resolution
        return new PageBox(number, page.Width, page.Height, dpi);
    }

    public static bool Needs(PdfPage page, PdfPageText text, OcrMode mode) => mode switch
    {
        OcrMode.Off => false,
        OcrMode.Force => true,
        _ => Scanned(page, text),
    };

    static bool Scanned(PdfPage page, PdfPageText text)
    {
        double area = Math.Max(page.Width * page.Height, 1);
        double textShare = text.Blocks.Sum(b => (b.Right - b.Left) * (b.Top - b.Bottom)) / area;
        double imageShare;
        try { imageShare = Math.Min(1, page.GetImages().Sum(i => Math.Abs(i.BoundingBox.Width * i.BoundingBox.Height)) / area); }
        catch (Exception e) when (e is not OutOfMemoryException) { imageShare = 0; }   // an unreadable image is no evidence of a scan
        return text.Blocks.Count == 0 ? imageShare > 0 : imageShare >= MostlyImage && textShare < LittleText;
    }

    /// <summary>Replaces the <paramref name="wanted"/> pages in <paramref name="pages"/> by their recognised text; warns what could not be done.</summary>
    public static void Recognize(ReadOnlyMemory<byte> pdf, List<PdfPageText> pages, IReadOnlyList<PageBox> wanted, ReadOptions options, DocumentBuilder builder)
    {
        var ocr = options.Ocr;
        string languages;
        try { languages = Tesseract.Languages(ocr); }
        catch (OcrUnavailableException e) { builder.Warn($"{Pages(wanted.Count)} without a usable text layer not recognised: {e.Message}"); return; }

        var native = pages.Where(p => wanted.All(w => w.Number != p.Number)).SelectMany(p => p.Blocks).ToList();
        double? bodySize = native.Count > 0 ? PdfHeadings.BodySize(native) : null;
        var folder = OcrRunner.TempFolder();
        try
        {
            var file = Path.Combine(folder, "in.pdf");
            using (var f = File.Create(file)) f.Write(pdf.Span);
            var results = new RecognizedImage?[wanted.Count];
            var problems = new string?[wanted.Count];
            OcrUnavailableException? unavailable = null;
            int finished = 0;
            ocr.PagesRecognized?.Invoke(0, wanted.Count);
            Parallel.For(0, wanted.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (i, loop) =>
            {
                try { results[i] = RecognizePage(file, wanted[i], languages, options); }
                catch (OcrUnavailableException e) { unavailable = e; loop.Stop(); return; }
                catch (Exception e) when (e is TimeoutException or InvalidDataException or ArgumentException) { problems[i] = e.Message; }
                ocr.PagesRecognized?.Invoke(Interlocked.Increment(ref finished), wanted.Count);
            });
            if (unavailable is not null) { builder.Warn($"{Pages(wanted.Count)} without a usable text layer not recognised: {unavailable.Message}"); return; }
            for (int i = 0; i < wanted.Count; i++)
                if (problems[i] is { } why) builder.Warn($"page {wanted[i].Number}: not recognised ({why})");

            var done = results.OfType<RecognizedImage>().ToList();
            foreach (var page in OcrLayout.ToPages(done, bodySize)) pages[page.Number - 1] = page;
            foreach (var r in done) builder.AddRecognized(r.Number, r.Page.Words.Count, r.Page.Confidence, languages);
        }
        finally { OcrRunner.Remove(folder); }
    }

    static RecognizedImage RecognizePage(string file, PageBox box, string languages, ReadOptions options)
    {
        var ocr = options.Ocr;
        double inches = box.Width / 72 * (box.Height / 72);
        double wanted = box.ImageDpi is { } native ? Math.Clamp(native, MinScanDpi, ocr.Dpi) : ocr.Dpi;
        int dpi = (int)Math.Min(wanted, Math.Sqrt(ocr.MaxPixels / Math.Max(inches, 1e-6)));
        if (dpi < MinDpi) throw new ArgumentException($"a page of {box.Width:0} x {box.Height:0} points is too large to render at {MinDpi} dpi within {ocr.MaxPixels:N0} pixels");
        var image = OcrRunner.Render(file, box.Number, dpi, options.Password, ocr);
        var limit = TimeSpan.FromSeconds(ocr.PageTimeoutSeconds);
        var page = Tesseract.Recognize(image, languages, dpi, ocr, limit).FirstOrDefault() ?? new OcrImagePage(1, 0, 0, []);
        File.Delete(image);
        return new RecognizedImage(box.Number, page, dpi);
    }

    static string Pages(int count) => count == 1 ? "1 page" : $"{count} pages";
}
