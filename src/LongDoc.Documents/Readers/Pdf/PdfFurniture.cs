using System.Text;
using System.Text.RegularExpressions;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// Finds page headers and footers: blocks in the top or bottom margin band whose text, with digits masked,
/// repeats on many pages (running titles, "Page 3 of 9"), or that are a bare page number.
/// </summary>
static partial class PdfFurniture
{
    const double MarginBand = 0.18;        // fraction of the page height at the top and at the bottom (LaTeX sets page numbers ~1.5 in up)
    const int MinRepeats = 3;              // pages a masked text must recur on (two in documents of up to 4 pages)
    const int EdgeBlocks = 2;              // only the outermost blocks of each edge are candidates

    [GeneratedRegex(@"^(?:(?:page|seite|p\.|s\.)\s*)?[-–—]?\s*(?:#+|[ivxlc]+)\s*[-–—]?(?:\s*(?:/|of|von|sur)\s*#+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumberRegex();

    public static Dictionary<PdfTextBlock, BlockKind> Find(IReadOnlyList<PdfPageText> pages)
    {
        var candidates = new List<(PdfTextBlock Block, BlockKind Kind, string Key)>();
        foreach (var page in pages)
        {
            double h = page.Height;
            var byTop = page.Blocks.OrderByDescending(b => b.Top).ToList();
            foreach (var b in byTop.Take(EdgeBlocks).Where(b => b.Bottom >= h * (1 - MarginBand)))
                candidates.Add((b, BlockKind.Header, Key(b.RawText)));
            foreach (var b in byTop.AsEnumerable().Reverse().Take(EdgeBlocks).Where(b => b.Top <= h * MarginBand))
                candidates.Add((b, BlockKind.Footer, Key(b.RawText)));
        }
        var pagesPerKey = candidates.GroupBy(c => (c.Kind, c.Key)).ToDictionary(g => g.Key, g => g.Select(c => c.Block.Page).Distinct().Count());
        // Short documents: two pages suffice; longer ones need three, since a running title changes per chapter.
        int needed = pages.Count <= 4 ? 2 : MinRepeats;
        var found = new Dictionary<PdfTextBlock, BlockKind>();
        foreach (var (block, kind, key) in candidates)
            if (PageNumberRegex().IsMatch(key) || pagesPerKey[(kind, key)] >= needed)
                found.TryAdd(block, kind);
        // A running title beside a page number ("1.3. STETIGKEIT   15") is furniture even if it appears only once.
        foreach (var (block, kind, _) in candidates)
            if (!found.ContainsKey(block) && found.Any(f => f.Value == kind && f.Key.Page == block.Page && f.Key.Top > block.Bottom && f.Key.Bottom < block.Top))
                found[block] = kind;
        return found;
    }

    // Digits masked and whitespace dropped, so "3 Methods  17" and "3 Methods 18" share a key.
    static string Key(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) continue;
            sb.Append(char.IsDigit(c) ? '#' : char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
