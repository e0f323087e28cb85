namespace LongDoc.Documents.Readers.Pdf;

/// <summary>A table found on a page: its cell texts row by row, and the blocks it was made from.</summary>
sealed record PdfTable(List<List<string>> Rows, HashSet<PdfTextBlock> Blocks);

/// <summary>
/// Finds tables as blocks of short lines standing side by side on shared baselines: the column split in
/// <see cref="PdfLines"/> turns each table column into its own block, and rows show up as baselines that
/// several such blocks have in common. Body text in two columns also shares baselines, so only blocks of
/// short lines (a few words each) count as cells.
/// </summary>
static class PdfTables
{
    const double MaxWordsPerLine = 5;
    const double BaselineTolerance = 0.3; // ems
    const double MaxRowGap = 2.0;         // ems between a header row and the rows below it
    const double MinFill = 0.6;           // share of the cells that hold text

    public static List<PdfTable> Find(List<PdfTextBlock> blocks)
    {
        var cells = blocks.Where(b => b.Lines.Average(l => l.Text.Split(' ').Length) <= MaxWordsPerLine).ToList();
        if (cells.Count < 2) return [];
        var parent = Enumerable.Range(0, cells.Count).ToArray();
        int Root(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        for (int i = 0; i < cells.Count; i++)
            for (int j = i + 1; j < cells.Count; j++)
                if (SideBySide(cells[i], cells[j]) && ShareBaseline(cells[i], cells[j])) parent[Root(i)] = Root(j);

        var groups = Enumerable.Range(0, cells.Count).GroupBy(Root).Select(g => g.Select(i => cells[i]).ToList()).Where(g => g.Count >= 2).ToList();
        MergeStacked(groups);
        var tables = new List<PdfTable>();
        foreach (var g in groups)
        {
            var rows = Rows(g);
            if (rows is not null) tables.Add(new PdfTable(rows, [.. g]));
        }
        return tables;
    }

    static double Baseline(PdfLine l) => l.Bottom + 0.25 * l.Size;

    static bool SideBySide(PdfTextBlock a, PdfTextBlock b) => a.Right <= b.Left || b.Right <= a.Left;

    static bool ShareBaseline(PdfTextBlock a, PdfTextBlock b) =>
        a.Lines.Any(x => b.Lines.Any(y => Math.Abs(Baseline(x) - Baseline(y)) <= BaselineTolerance * Math.Max(x.Size, y.Size)));

    // A header row and the body rows below it are separate groups (no baseline in common): join groups that
    // sit right above one another and cover the same width.
    static void MergeStacked(List<List<PdfTextBlock>> groups)
    {
        bool merged = true;
        while (merged)
        {
            merged = false;
            for (int i = 0; i < groups.Count && !merged; i++)
                for (int j = 0; j < groups.Count && !merged; j++)
                {
                    if (i == j) continue;
                    var (upper, lower) = (groups[i], groups[j]);
                    double gap = upper.Min(b => b.Bottom) - lower.Max(b => b.Top);
                    double em = upper.Max(b => b.Size);
                    double overlap = Math.Min(upper.Max(b => b.Right), lower.Max(b => b.Right)) - Math.Max(upper.Min(b => b.Left), lower.Min(b => b.Left));
                    double narrower = Math.Min(upper.Max(b => b.Right) - upper.Min(b => b.Left), lower.Max(b => b.Right) - lower.Min(b => b.Left));
                    if (gap < -0.3 * em || gap > MaxRowGap * em || overlap < 0.5 * narrower) continue;
                    upper.AddRange(lower);
                    groups.RemoveAt(j);
                    merged = true;
                }
        }
    }

    // Columns are the groups' x-ranges merged where they overlap; rows are the distinct baselines, top first.
    static List<List<string>>? Rows(List<PdfTextBlock> group)
    {
        var columns = new List<(double Left, double Right)>();
        foreach (var b in group.OrderBy(b => b.Left))
        {
            if (columns.Count > 0 && b.Left < columns[^1].Right) columns[^1] = (columns[^1].Left, Math.Max(columns[^1].Right, b.Right));
            else columns.Add((b.Left, b.Right));
        }
        var lines = group.SelectMany(b => b.Lines).OrderByDescending(Baseline).ToList();
        var rowLines = new List<List<PdfLine>>();
        foreach (var l in lines)
        {
            if (rowLines.Count > 0 && Math.Abs(Baseline(rowLines[^1][0]) - Baseline(l)) <= BaselineTolerance * l.Size) rowLines[^1].Add(l);
            else rowLines.Add([l]);
        }
        if (columns.Count < 2 || rowLines.Count < 2) return null;
        var rows = rowLines.Select(r => columns.Select(c => string.Join(" ", r.Where(l => l.Left < c.Right && l.Right > c.Left).OrderBy(l => l.Left).Select(l => l.Text))).ToList()).ToList();
        // Labels scattered over a figure also share baselines, but leave most of the grid empty.
        int filled = rows.Sum(r => r.Count(c => c.Length > 0));
        return filled >= MinFill * rows.Count * columns.Count ? rows : null;
    }
}
