using LongDoc.Documents;

namespace LongDoc.Tasks.Passages;

/// <summary>
/// Turns a document into passages (see <see cref="Passage"/>): sentences of prose blocks, rows of tables.
/// Headings are not passages (they are every passage's context), and neither is page furniture.
/// </summary>
public static class PassageSplitter
{
    public static IReadOnlyList<Passage> Split(Document document)
    {
        var passages = new List<Passage>();
        for (int b = 0; b < document.Blocks.Count; b++)
        {
            var block = document.Blocks[b];
            if (block.Kind is BlockKind.Heading or BlockKind.Header or BlockKind.Footer) continue;
            var context = SectionPath.Format(block.Section);
            if (block.Kind == BlockKind.Table) AddRows(passages, block, b, context);
            else
                foreach (var (s, e) in SentenceSplitter.Split(block.Text))
                    Add(passages, block, b, s, e, context);
        }
        return passages;
    }

    // Row 0 of a table is taken as its header: it is searched with every row (so "precipitation in June" finds the
    // June row under "Precip. (mm)"), and is a passage itself too.
    static void AddRows(List<Passage> passages, Block block, int b, string context)
    {
        var lines = block.Text.Split('\n');
        string header = lines.Length > 1 ? lines[0] : "";
        int offset = 0;
        for (int r = 0; r < lines.Length; r++)
        {
            int length = lines[r].TrimEnd().Length;
            if (length > 0) Add(passages, block, b, offset, offset + length, r == 0 ? context : $"{context} {header}");
            offset += lines[r].Length + 1;
        }
    }

    static void Add(List<Passage> passages, Block block, int b, int start, int end, string context) =>
        passages.Add(new Passage(passages.Count, block.Text[start..end], context, block.Start + start, block.Start + end,
            PageOf(block, start, end), block.Section, b));

    /// <summary>
    /// The page a part of a block is on. A paragraph that runs over a page break carries both pages but not where
    /// the break falls, so the part's midpoint decides: first half of the block, first page; and so on. Both page
    /// texts hold the whole paragraph, so a quote cited either way still verifies.
    /// </summary>
    public static int PageOf(Block block, int start, int end)
    {
        if (block.Pages.Count <= 1) return block.FirstPage;
        double middle = (start + end) / 2.0 / Math.Max(1, block.Text.Length);
        int index = Math.Min(block.Pages.Count - 1, (int)(middle * block.Pages.Count));
        return block.Pages[index];
    }
}
