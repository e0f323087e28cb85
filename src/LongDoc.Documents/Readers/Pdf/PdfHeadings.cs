using System.Text.RegularExpressions;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// Decides which blocks are headings and their levels. The body size is the font size most characters have;
/// a short block set larger than it, or bold at body size, is a heading, its level given by its size's rank
/// among the heading sizes (largest = 1, bold body size last). When the outline (bookmarks) names a block, the
/// outline depth wins, and other headings of that size and weight take the same level.
/// </summary>
static partial class PdfHeadings
{
    const int MaxHeadingLines = 3;
    const int MaxHeadingChars = 200;
    const double LargerBy = 1.0;      // points above the body size
    const int MaxLevel = 6;
    const int MinHeadingLetters = 3;

    // "1", "2.3", "A.1", "Chapter 4", "IV." before a heading's words; outline titles often lack it.
    [GeneratedRegex(@"^(?:(?:chapter|kapitel|section|part|teil|appendix|anhang)\s+)?(?:[0-9]+|[A-Z]|[IVX]+)(?:\.[0-9]+)*\.?\s+", RegexOptions.IgnoreCase)]
    private static partial Regex NumberingRegex();

    public static double BodySize(IEnumerable<PdfTextBlock> blocks) =>
        blocks.SelectMany(b => b.Lines)
            .GroupBy(l => Math.Round(l.Size * 2) / 2)
            .Select(g => (Size: g.Key, Chars: g.Sum(l => l.Text.Length)))
            .DefaultIfEmpty((Size: 10, Chars: 0))
            .MaxBy(g => g.Chars).Size;

    /// <summary>Heading level (1 = top) of every block that is a heading.</summary>
    public static Dictionary<PdfTextBlock, int> Find(IReadOnlyList<PdfTextBlock> blocks, double bodySize, IReadOnlyList<PdfOutlineEntry> outline)
    {
        var byFont = new Dictionary<PdfTextBlock, (double Size, bool Bold)>();
        foreach (var b in blocks)
            if (LooksLikeHeading(b, bodySize)) byFont[b] = (b.Size, b.Bold);

        // Font levels: distinct larger sizes, largest first; bold body-size text one level below the smallest.
        var sizes = byFont.Values.Where(v => v.Size >= bodySize + LargerBy).Select(v => v.Size).Distinct().OrderDescending().ToList();
        int FontLevel((double Size, bool Bold) f) =>
            Math.Min(MaxLevel, f.Size >= bodySize + LargerBy ? sizes.IndexOf(f.Size) + 1 : sizes.Count + 1);

        var levels = new Dictionary<PdfTextBlock, int>();
        var styleLevels = new Dictionary<(double Size, bool Bold), int>();
        foreach (var (block, depth) in MatchOutline(blocks, outline))
        {
            levels[block] = Math.Min(MaxLevel, depth + 1);
            styleLevels.TryAdd((block.Size, block.Bold), depth + 1);
        }
        foreach (var (block, style) in byFont)
            if (!levels.ContainsKey(block))
                levels[block] = styleLevels.TryGetValue(style, out var l) ? l : FontLevel(style);
        return levels;
    }

    static bool LooksLikeHeading(PdfTextBlock b, double bodySize)
    {
        if (b.Lines.Count > MaxHeadingLines || b.Chars > MaxHeadingChars) return false;
        var text = b.RawText;
        // Figure labels ("N", "P ^") are large letters, not headings.
        if (text.Count(char.IsLetter) < MinHeadingLetters) return false;
        if (b.Size >= bodySize + LargerBy) return true;
        // Bold at body size: a run-in heading, not a bold sentence (those end with a full stop).
        return b.Bold && b.Size >= bodySize - 0.5 && b.Lines.Count <= 2 && !text.EndsWith('.') && !PdfBlocks.StartsWithListMarker(text);
    }

    /// <summary>Blocks whose text is an outline title (numbering ignored), each outline entry used once, in order.</summary>
    static IEnumerable<(PdfTextBlock Block, int Depth)> MatchOutline(IReadOnlyList<PdfTextBlock> blocks, IReadOnlyList<PdfOutlineEntry> outline)
    {
        if (outline.Count == 0) yield break;
        var open = outline.GroupBy(e => Key(e.Title)).Where(g => g.Key.Length > 0).ToDictionary(g => g.Key, g => new Queue<PdfOutlineEntry>(g));
        foreach (var b in blocks)
        {
            if (b.Lines.Count > MaxHeadingLines || b.Chars > MaxHeadingChars) continue;
            if (!open.TryGetValue(Key(b.RawText), out var entries) || entries.Count == 0) continue;
            var e = entries.Peek();
            // The outline targets the heading's page; allow one page of slack for destinations set just before it.
            if (e.Page is { } p && (b.Page < p || b.Page > p + 1)) continue;
            entries.Dequeue();
            yield return (b, e.Depth);
        }
    }

    static string Key(string text) => TextNormalizer.ForMatching(NumberingRegex().Replace(TextNormalizer.Inline(text), ""));
}
