using LongDoc.Documents.Readers.Pdf;

namespace LongDoc.Documents.Readers.Ocr;

/// <summary>
/// Recognised pages -> the PDF reader's page model (lines in points, y up), so headings, headers and footers,
/// lists and paragraphs over page breaks are found the same way as in born-digital PDFs. Blocks follow
/// Tesseract's blocks and paragraphs in its reading order; a paragraph is split where the text height changes.
/// A line's size is its height relative to the document's typical line height, in steps, so that the jitter of
/// recognised boxes does not make every line a size of its own: body text is one size, larger text a heading.
/// </summary>
static class OcrLayout
{
    const double PointsPerInch = 72;
    const double BodyLow = 0.8, BodyHigh = 1.3;   // line heights within these ratios of the typical one are body text
    const double Step = 0.25;                     // other heights are rounded to quarter steps of the typical one

    sealed record RawLine(int Block, int Paragraph, string Text, double Left, double Right, double Top, double Bottom);

    /// <summary>
    /// The pages with their document page numbers (each page's dpi converts pixels to points). Body text gets
    /// <paramref name="bodySize"/> when given (the size of the document's text-layer pages), else the typical line height.
    /// </summary>
    public static List<PdfPageText> ToPages(IReadOnlyList<RecognizedImage> pages, double? bodySize)
    {
        var raw = pages.Select(p => (p.Number, Height: p.Page.Height * PointsPerInch / p.Dpi, Lines: Lines(p.Page, PointsPerInch / p.Dpi))).ToList();
        double typical = TypicalHeight(raw.SelectMany(p => p.Lines));
        double body = bodySize ?? typical;
        return raw.Select(p => new PdfPageText(p.Number, p.Height, Blocks(p.Number, p.Lines, typical, body))).ToList();
    }

    static List<RawLine> Lines(OcrImagePage page, double scale)
    {
        double pageTop = page.Height * scale;
        return page.Words.GroupBy(w => (w.Block, w.Paragraph, w.Line)).Select(g => new RawLine(g.Key.Block, g.Key.Paragraph,
                string.Join(' ', g.Select(w => w.Text)),
                g.Min(w => w.Left) * scale, g.Max(w => w.Left + w.Width) * scale,
                pageTop - g.Min(w => w.Top) * scale, pageTop - g.Max(w => w.Top + w.Height) * scale))
            .ToList();
    }

    // The line height most characters are set in (the median weighted by characters).
    static double TypicalHeight(IEnumerable<RawLine> lines)
    {
        var byHeight = lines.Select(l => (Height: l.Top - l.Bottom, Chars: l.Text.Length)).OrderBy(l => l.Height).ToList();
        long half = byHeight.Sum(l => (long)l.Chars) / 2, seen = 0;
        foreach (var (height, chars) in byHeight)
            if ((seen += chars) >= half) return Math.Max(height, 1);
        return 10;
    }

    static double Size(RawLine line, double typical, double body)
    {
        double ratio = (line.Top - line.Bottom) / typical;
        return Math.Round(body * (ratio is >= BodyLow and < BodyHigh ? 1 : Math.Round(ratio / Step) * Step), 1);
    }

    static List<PdfTextBlock> Blocks(int number, List<RawLine> lines, double typical, double body)
    {
        var blocks = new List<PdfTextBlock>();
        (int, int)? paragraph = null;
        foreach (var raw in lines)
        {
            var line = new PdfLine(raw.Text, raw.Left, raw.Right, raw.Top, raw.Bottom, Size(raw, typical, body), Bold: false);
            if (paragraph == (raw.Block, raw.Paragraph) && blocks[^1].Lines[^1].Size == line.Size) blocks[^1].Add(line);
            else blocks.Add(new PdfTextBlock(number, line));
            paragraph = (raw.Block, raw.Paragraph);
        }
        return blocks;
    }
}
