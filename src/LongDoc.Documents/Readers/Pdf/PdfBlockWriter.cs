using System.Text.RegularExpressions;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// Hands classified blocks to the <see cref="DocumentBuilder"/> in reading order: joins a paragraph's lines
/// (undoing line-end hyphenation), tells captions, footnotes and list items from paragraphs, and joins a
/// paragraph that runs over a page break into one block with both page numbers.
/// </summary>
static partial class PdfBlockWriter
{
    [GeneratedRegex(@"^(?:Figure|Fig\.|Table|Tab\.|Abbildung|Abb\.|Tabelle|Listing|Algorithm|Algorithmus)\s*[0-9IVX]+(?:\.[0-9]+)*\s*[.:]?", RegexOptions.IgnoreCase)]
    private static partial Regex CaptionRegex();

    // Footnote marks: digits or the classic symbols, at the very start of a small-print block.
    // Words must follow, or small figure labels ("0.5", "1") at the foot of a page would count.
    static bool StartsLikeFootnote(string text) =>
        text.Length > 0 && (char.IsDigit(text[0]) || "*†‡§¶".Contains(text[0])) && text.Count(char.IsLetter) >= 3;

    public sealed class Context(DocumentBuilder builder, double bodySize, Dictionary<PdfTextBlock, int> headings, Dictionary<PdfTextBlock, BlockKind> furniture,
        Dictionary<PdfTextBlock, PdfTable> tables)
    {
        public DocumentBuilder Builder { get; } = builder;
        public double BodySize { get; } = bodySize;
        public Dictionary<PdfTextBlock, int> Headings { get; } = headings;
        public Dictionary<PdfTextBlock, BlockKind> Furniture { get; } = furniture;
        public Dictionary<PdfTextBlock, PdfTable> Tables { get; } = tables;
        internal HashSet<PdfTable> Written { get; } = [];
        // A paragraph held back until the next block shows whether it continues on the next page.
        internal (string Text, List<(int Page, int Start)> Pages)? Pending;
    }

    public static void WritePage(Context cx, PdfPageText page)
    {
        // Footnotes sit below all body-size text of their page.
        double lowestBody = page.Blocks.Where(b => !cx.Furniture.ContainsKey(b) && Math.Abs(b.Size - cx.BodySize) < 0.75)
            .Select(b => b.Bottom).DefaultIfEmpty(double.MaxValue).Min();
        var listIndents = ListIndents(page, cx);
        foreach (var block in page.Blocks)
        {
            if (cx.Furniture.TryGetValue(block, out var kind)) { cx.Builder.AddFurniture(kind, block.RawText, page.Number); continue; }
            if (cx.Tables.TryGetValue(block, out var table))
            {
                // A table is written where its first block falls in reading order; its other blocks are in it.
                if (cx.Written.Add(table)) { Flush(cx); cx.Builder.AddTable(table.Rows.Select(r => (IReadOnlyList<string>)r).ToList(), page.Number); }
                continue;
            }
            if (cx.Headings.TryGetValue(block, out var level)) { Flush(cx); cx.Builder.AddHeading(level, block.RawText, page.Number); continue; }
            var text = JoinLines(block.Lines);
            if (CaptionRegex().IsMatch(text)) { Flush(cx); cx.Builder.AddCaption(text, page.Number); continue; }
            if (block.Size <= cx.BodySize - 1 && block.Top <= lowestBody && StartsLikeFootnote(text))
            {
                cx.Builder.AddFootnote(text, page.Number);   // does not flush: a paragraph may continue past it
                continue;
            }
            if (PdfBlocks.StartsWithListMarker(text))
            {
                Flush(cx);
                cx.Builder.AddListItem(listIndents.FindLastIndex(x => x <= block.Left + 0.5 * block.Size) is var d and >= 0 ? d : 0, text, page.Number);
                continue;
            }
            Paragraph(cx, text, page.Number);
        }
    }

    public static void Finish(Context cx) => Flush(cx);

    // Nesting depth of a list item = rank of its marker's indent among the page's list-marker indents
    // (indents closer than one em count as one).
    static List<double> ListIndents(PdfPageText page, Context cx)
    {
        var indents = new List<double>();
        foreach (var left in page.Blocks.Where(b => !cx.Furniture.ContainsKey(b) && PdfBlocks.StartsWithListMarker(b.Lines[0].Text)).Select(b => (b.Left, b.Size)).OrderBy(x => x.Left))
            if (indents.Count == 0 || left.Left - indents[^1] >= left.Size) indents.Add(left.Left);
        return indents;
    }

    static void Paragraph(Context cx, string text, int page)
    {
        if (cx.Pending is { } p && p.Pages[^1].Page == page - 1 && ContinuesOnNextPage(p.Text, text))
        {
            var joined = JoinTwo(p.Text, text);
            p.Pages.Add((page, joined.Length - text.Length));
            cx.Pending = (joined, p.Pages);
            return;
        }
        Flush(cx);
        cx.Pending = (text, [(page, 0)]);
    }

    static void Flush(Context cx)
    {
        if (cx.Pending is { } p) cx.Builder.AddParagraph(p.Text, p.Pages);
        cx.Pending = null;
    }

    static bool ContinuesOnNextPage(string before, string after) =>
        before.Length > 0 && !".!?:".Contains(before[^1]) && after.Length > 0 && char.IsLower(after[0]);

    /// <summary>Lines joined with spaces; a word hyphenated at a line end is joined again.</summary>
    public static string JoinLines(IReadOnlyList<PdfLine> lines)
    {
        var text = "";
        foreach (var line in lines) text = JoinTwo(text, line.Text.Trim());
        return text;
    }

    // "adip-" + "iscing" -> "adipiscing"; "Geo-" + "Topologie" keeps the hyphen (a compound, not a break).
    static string JoinTwo(string before, string after)
    {
        if (before.Length == 0) return after;
        if (after.Length == 0) return before;
        bool hyphen = before.Length >= 2 && (before[^1] is '-' or '\u00AD') && char.IsLetter(before[^2]);
        if (!hyphen) return before + " " + after;
        return char.IsLower(after[0]) ? before[..^1] + after : before + after;
    }
}
