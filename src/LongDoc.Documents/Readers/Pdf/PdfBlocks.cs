using System.Text.RegularExpressions;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// Lines -> blocks: a line continues the block just above it when it is close below, overlaps it horizontally
/// and has the same size and weight; an indented first line, a list marker, or a short line ending a sentence
/// above it starts a new block, because LaTeX and Word often set paragraphs with no space between them.
/// </summary>
static partial class PdfBlocks
{
    // Largest gap between a block's last line box and the next line's box, in ems of the line (line boxes
    // span 1 em, so normal leading leaves ~0.2 em; paragraph spacing of half a line or more breaks the block).
    const double MaxLineGapEm = 0.45;
    const double SizeTolerance = 0.75; // points
    const double IndentMinEm = 0.8, IndentMaxEm = 6;
    const double ShortLineEm = 2.5;

    [GeneratedRegex(@"^(?:[•◦▪▫■□●○‣⁃∙·\-–—*]|\(?[0-9]{1,2}[.)]|\(?[a-zA-Z][.)]|\([ivxIVX]{1,4}\))\s")]
    private static partial Regex ListMarkerRegex();

    public static bool StartsWithListMarker(string text) => ListMarkerRegex().IsMatch(text);

    public static List<PdfTextBlock> Build(int page, List<PdfLine> lines)
    {
        var ordered = lines.OrderByDescending(l => l.Top).ThenBy(l => l.Left).ToList();
        var blocks = new List<PdfTextBlock>();
        foreach (var line in ordered)
        {
            PdfTextBlock? best = null;
            double bestGap = double.MaxValue;
            foreach (var b in blocks)
            {
                var last = b.Lines[^1];
                double gap = last.Bottom - line.Top;
                double em = Math.Max(line.Size, last.Size);
                if (gap < -0.3 * em || gap > MaxLineGapEm * em || gap >= bestGap) continue;
                if (Math.Abs(line.Size - last.Size) > SizeTolerance || line.Bold != last.Bold) continue;
                double overlap = Math.Min(line.Right, last.Right) - Math.Max(line.Left, last.Left);
                if (overlap < 0.3 * Math.Min(line.Right - line.Left, last.Right - last.Left)) continue;
                best = b; bestGap = gap;
            }
            if (best is null || StartsNewParagraph(best, line)) blocks.Add(new PdfTextBlock(page, line));
            else best.Add(line);
        }
        return blocks;
    }

    static bool StartsNewParagraph(PdfTextBlock block, PdfLine line)
    {
        var last = block.Lines[^1];
        var first = block.Lines[0];
        double em = line.Size;
        if (StartsWithListMarker(line.Text)) return true;
        // A list item's continuation lines hang under its text, right of the marker: they stay in the item.
        bool inListItem = StartsWithListMarker(first.Text);
        double indent = line.Left - last.Left;
        // Needs two lines above: under a single line, an indent is as often a heading's hanging indent.
        if (!inListItem && block.Lines.Count >= 2 && indent >= IndentMinEm * em && indent <= IndentMaxEm * em
            && last.Right - last.Left > 10 * em) return true;
        // A short line that ends a sentence closes its paragraph.
        double right = block.Right;
        bool lastShort = last.Right < right - ShortLineEm * em;
        return lastShort && EndsSentence(last.Text) && Math.Abs(line.Left - block.Left) < 0.5 * em;
    }

    static bool EndsSentence(string text) => text.Length > 0 && ".!?:".Contains(text[^1]);
}
