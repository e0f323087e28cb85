namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// Orders a page's blocks by recursive XY-cut (Nagy and Seth, 1984): cut the set at a vertical gap that no block
/// crosses (columns, read left to right), else at a horizontal gap (bands, read top to bottom), and recurse.
/// Trying the vertical cut first keeps each column whole even when both columns have paragraph breaks at the
/// same height; a full-width title or figure crosses the gutter, so it becomes its own band above or below.
/// </summary>
static class PdfReadingOrder
{
    const double MinColumnGap = 3; // points: narrower gaps are spaces inside one column's lines
    const int MaxDepth = 256;      // past it, plain top-to-bottom order (a hostile page must not recurse without end)

    public static List<PdfTextBlock> Order(List<PdfTextBlock> blocks)
    {
        var result = new List<PdfTextBlock>(blocks.Count);
        Cut(blocks, result, depth: 0);
        return result;
    }

    static void Cut(List<PdfTextBlock> blocks, List<PdfTextBlock> into, int depth)
    {
        // Depth bound: each cut makes both sides smaller, but a hostile page must not recurse without limit.
        if (blocks.Count <= 1 || depth > MaxDepth)
        {
            into.AddRange(blocks.OrderByDescending(b => b.Top).ThenBy(b => b.Left));
            return;
        }
        var parts = SplitColumns(blocks);
        if (parts.Count == 1) parts = SplitBands(blocks);
        if (parts.Count == 1)
        {
            into.AddRange(blocks.OrderByDescending(b => b.Top).ThenBy(b => b.Left));
            return;
        }
        foreach (var p in parts) Cut(p, into, depth + 1);
    }

    static List<List<PdfTextBlock>> SplitColumns(List<PdfTextBlock> blocks)
    {
        var sorted = blocks.OrderBy(b => b.Left).ToList();
        var parts = new List<List<PdfTextBlock>> { new() { sorted[0] } };
        double right = sorted[0].Right;
        foreach (var b in sorted.Skip(1))
        {
            if (b.Left >= right + MinColumnGap) parts.Add([]);
            parts[^1].Add(b);
            right = Math.Max(right, b.Right);
        }
        return parts;
    }

    // One cut only, at the widest horizontal gap: cutting at every gap would slice a two-column region into
    // rows (left 1, right 1, left 2, ...) before the columns could be seen. Each side is then cut again.
    static List<List<PdfTextBlock>> SplitBands(List<PdfTextBlock> blocks)
    {
        var sorted = blocks.OrderByDescending(b => b.Top).ToList();
        double bottom = sorted[0].Bottom, widest = 0;
        int cut = -1;
        for (int i = 1; i < sorted.Count; i++)
        {
            double gap = bottom - sorted[i].Top;
            if (gap >= 0 && gap > widest) { widest = gap; cut = i; }
            bottom = Math.Min(bottom, sorted[i].Bottom);
        }
        if (cut < 0) return [blocks];
        return [sorted.GetRange(0, cut), sorted.GetRange(cut, sorted.Count - cut)];
    }
}
