using static LongDoc.Samples.Generator.Pdf.Geometry;

namespace LongDoc.Samples.Generator.Pdf;

/// <summary>
/// Flows blocks into pages. Text goes into a frame (a page's text area, or one column of a
/// two-column page); when a frame is full the layout moves to the next column or the next page.
/// Level-1 headings always start a page; level-2 headings keep with three lines of what follows.
/// </summary>
public sealed class PageLayout(TextMeasurer measure, int firstPageNumber)
{
    public List<LaidPage> Pages { get; } = [];
    public List<OutlineEntry> Outline { get; } = [];
    public List<int> TablePages { get; } = [];
    public List<int> TwoColumnPages { get; } = [];

    LaidPage _page = null!;
    double _x, _width, _y;
    bool _inColumns, _inRightColumn;
    double _columnTop;

    int PageNumber => firstPageNumber + Pages.Count - 1;
    bool PageIsEmpty => Pages.Count == 0 || _page.Texts.Count == 0;

    public void Lay(IEnumerable<Block> blocks)
    {
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeadingBlock h: Heading(h); break;
                case ParagraphBlock p: Paragraph(p); break;
                case TableBlock t: Table(t); break;
                case TwoColumnBlock c: TwoColumns(c); break;
                default: throw new InvalidOperationException($"PageLayout: unknown block {block.GetType().Name}");
            }
        }
    }

    void NewPage()
    {
        _page = new LaidPage();
        Pages.Add(_page);
        (_x, _width, _y) = (Left, TextWidth, BodyTop);
    }

    /// <summary>Makes room for <paramref name="height"/> points, moving to the next column or page if needed.</summary>
    void Ensure(double height)
    {
        if (Pages.Count > 0 && _y - height >= BodyBottom) return;
        if (_inColumns)
        {
            if (_inRightColumn) throw new InvalidOperationException("Two-column chapter does not fit on one page; shorten it");
            (_inRightColumn, _x, _y) = (true, Left + ColumnWidth + ColumnGap, _columnTop);
            return;
        }
        NewPage();
    }

    void Heading(HeadingBlock h)
    {
        double size = h.Level == 1 ? H1Size : H2Size;
        if (h.Level == 1)
        {
            if (!PageIsEmpty || Pages.Count == 0) NewPage();
        }
        else
        {
            bool atTop = _y >= (_inRightColumn ? _columnTop : BodyTop);
            if (!atTop) _y -= H2Before;
            Ensure(size + H2After + 3 * BodyLeading);
        }
        if (measure.Width(h.Text, Face.SansBold, size) > _width) throw new InvalidOperationException($"Heading \"{h.Text}\" is wider than its frame");
        Outline.Add(new OutlineEntry(h.Level, h.Text, PageNumber, _y));
        _page.Texts.Add(new PlacedText(h.Text, Face.SansBold, size, _x, _y - size, []));
        _y -= size + (h.Level == 1 ? H1After : H2After);
    }

    void Paragraph(ParagraphBlock p)
    {
        var lines = LineBreaker.Break(p, _width, Face.Body, BodySize, measure);
        // Orphan control: never start a paragraph with a single line at the bottom of a frame.
        Ensure(Math.Min(lines.Count, 2) * BodyLeading);
        foreach (var line in lines)
        {
            Ensure(BodyLeading);
            _page.Texts.Add(new PlacedText(line.Text, Face.Body, BodySize, _x, _y - BodySize, line.FactIds));
            _y -= BodyLeading;
        }
        _y -= ParagraphGap;
    }

    void Table(TableBlock t)
    {
        Ensure(CaptionSize + 8 + TableRow * (t.Rows.Length + 1) + 8);
        TablePages.Add(PageNumber);
        _y -= 4;
        _page.Texts.Add(new PlacedText(t.Caption, Face.BodyItalic, CaptionSize, _x, _y - CaptionSize, []));
        _y -= CaptionSize + 6;
        _page.Rules.Add(new PlacedRule(_x, _y, _x + _width, _y, 0.9));
        Row(t.Header, Face.SansBold, t.ColumnWidths, _ => []);
        _page.Rules.Add(new PlacedRule(_x, _y, _x + _width, _y, 0.5));
        for (int r = 0; r < t.Rows.Length; r++)
        {
            int row = r;
            Row(t.Rows[r], Face.Sans, t.ColumnWidths, c => t.CellFacts.TryGetValue((row, c), out var id) ? [id] : []);
        }
        _page.Rules.Add(new PlacedRule(_x, _y, _x + _width, _y, 0.9));
        _y -= 12;
    }

    /// <summary>One table row: first column left-aligned, numeric columns right-aligned in their cells.</summary>
    void Row(string[] cells, Face face, double[] widths, Func<int, IReadOnlyList<string>> factsOf)
    {
        double x = _x, baseline = _y - TableRow + 4;
        for (int c = 0; c < cells.Length; c++)
        {
            double w = measure.Width(cells[c], face, TableSize);
            if (w > widths[c] - 6) throw new InvalidOperationException($"Table cell \"{cells[c]}\" is wider than its column");
            double cx = c == 0 ? x + 2 : x + widths[c] - 4 - w;
            _page.Texts.Add(new PlacedText(cells[c], face, TableSize, cx, baseline, factsOf(c)));
            x += widths[c];
        }
        _y -= TableRow;
    }

    /// <summary>
    /// Lays the chapter out left column first, then reorders the page's text runs row by row
    /// (top to bottom, left to right). The content stream then interleaves the columns line by line,
    /// as in PDFs whose producers write in visual order, so only a reader that finds the columns
    /// from geometry gets the reading order right.
    /// </summary>
    void TwoColumns(TwoColumnBlock c)
    {
        Heading(c.Heading);
        TwoColumnPages.Add(PageNumber);
        int before = _page.Texts.Count;
        (_inColumns, _inRightColumn, _columnTop, _width) = (true, false, _y, ColumnWidth);
        Lay(c.Body);
        (_inColumns, _inRightColumn, _width) = (false, false, TextWidth);
        var body = _page.Texts.Skip(before).OrderByDescending(t => Math.Round(t.Y, 2)).ThenBy(t => t.X).ToList();
        _page.Texts.RemoveRange(before, body.Count);
        _page.Texts.AddRange(body);
        _y = BodyBottom; // nothing else shares this page
    }
}
