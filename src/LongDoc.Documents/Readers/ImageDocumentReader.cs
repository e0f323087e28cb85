using LongDoc.Documents.Readers.Images;
using LongDoc.Documents.Readers.Ocr;
using LongDoc.Documents.Readers.Pdf;

namespace LongDoc.Documents.Readers;

/// <summary>
/// Reads PNG, JPEG and TIFF (multi-page too) by OCR: the header is checked against the pixel and page limits,
/// then Tesseract recognises every page within a time limit per page, and the text is laid out like a PDF's
/// (<see cref="OcrLayout"/>): blocks, headings by text height, headers and footers, one document page per image page.
/// </summary>
public sealed class ImageDocumentReader : IDocumentReader
{
    // Tesseract reads the image's own resolution; layout only needs one to turn pixels into points.
    const int AssumedDpi = 300;

    public DocumentFormat Format => DocumentFormat.Image;

    public Document Read(ReadOnlyMemory<byte> bytes, string source, ReadOptions options)
    {
        var ocr = options.Ocr;
        ImageInfo info;
        try { info = ImageHeader.Read(bytes.Span, ocr.MaxPixels, ocr.MaxImagePages); }
        catch (InvalidDataException e) { throw new DocumentReadException(source, e.Message, e); }
        if (ocr.Mode == OcrMode.Off) throw new DocumentReadException(source, $"a {info.Kind} image is read only by OCR, and OCR is off (--ocr off)");

        var folder = OcrRunner.TempFolder();
        try
        {
            var file = Path.Combine(folder, "image" + info.Extension);
            using (var f = File.Create(file)) f.Write(bytes.Span);
            var languages = Tesseract.Languages(ocr);
            var limit = TimeSpan.FromSeconds((double)ocr.PageTimeoutSeconds * info.Pages);
            ocr.PagesRecognized?.Invoke(0, info.Pages);
            var recognized = Tesseract.Recognize(file, languages, null, ocr, limit);
            ocr.PagesRecognized?.Invoke(info.Pages, info.Pages);
            var builder = new DocumentBuilder(bytes.Span, source, DocumentFormat.Image);
            var pages = OcrLayout.ToPages(recognized.Select(p => new RecognizedImage(p.Page, p, AssumedDpi)).ToList(), null);
            if (PdfLayout.Write(builder, pages, []) == 0) builder.Warn("no text recognised in the image");
            foreach (var p in recognized) builder.AddRecognized(p.Page, p.Words.Count, p.Confidence, languages);
            builder.PageCount = Math.Max(info.Pages, recognized.Count);
            return builder.Build();
        }
        catch (Exception e) when (e is OcrUnavailableException or TimeoutException or InvalidDataException)
        {
            throw new DocumentReadException(source, $"a {info.Kind} image, not recognised: {e.Message}", e);
        }
        finally { OcrRunner.Remove(folder); }
    }
}
