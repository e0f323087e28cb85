using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace LongDoc.Documents.Readers.Docx;

/// <summary>
/// Walks w:body in reading order and adds its blocks: headings (from styles or outline levels), list items
/// (paragraphs with numbering, labelled as Word shows them), captions, paragraphs and tables, with page numbers
/// from <see cref="DocxPages"/> and footnotes placed after the page that cites them.
/// </summary>
internal sealed class DocxBody
{
    readonly DocumentBuilder _builder;
    readonly DocxStyles _styles;
    readonly DocxNumbering _numbering;
    readonly DocxNotes _notes;
    readonly DocxPages _pages = new();
    readonly DocxText _text;
    readonly List<DocxSection> _sections = [];
    int _sectionStart = 1;

    public DocxBody(DocumentBuilder builder, DocxStyles styles, DocxNumbering numbering, DocxNotes notes)
    {
        (_builder, _styles, _numbering, _notes) = (builder, styles, numbering, notes);
        _text = new DocxText(_pages, notes);
    }

    /// <summary>The text of the first paragraph in the Title style, if any.</summary>
    public string? StyleTitle { get; private set; }

    public IReadOnlyList<DocxSection> Sections => _sections;

    public void Read(Body body)
    {
        Blocks(body);
        // The body's own sectPr (its last child) describes the final section, which ends with the document.
        var last = body.Elements<SectionProperties>().LastOrDefault() ?? new SectionProperties();
        _sections.Add(new DocxSection(last, _sectionStart, _pages.Current));
        _builder.PageCount = Math.Max(_builder.PageCount, _pages.Current);
        _notes.FlushAll(_builder);
    }

    void Blocks(OpenXmlElement container)
    {
        foreach (var child in container.ChildElements)
        {
            switch (child)
            {
                case Paragraph p: Paragraph(p); break;
                case Table t: Table(t); break;
                // Content controls, custom XML and inserted revisions wrap ordinary blocks.
                case SdtBlock or SdtContentBlock or CustomXmlBlock or InsertedRun: Blocks(child); break;
                // Alternate content offers the same blocks twice; the choice is the newer markup, the fallback a copy.
                case AlternateContent alt when alt.GetFirstChild<AlternateContentChoice>() is { } choice: Blocks(choice); break;
            }
        }
    }

    void Paragraph(Paragraph p)
    {
        var props = p.ParagraphProperties;
        var style = _styles.Get(props?.ParagraphStyleId?.Val?.Value);
        if (props?.PageBreakBefore is { } pbb && (pbb.Val?.Value ?? true)) _pages.BreakBefore();

        // Numbering: the paragraph's own numPr wins, field by field, over its style's.
        var numPr = props?.NumberingProperties;
        int? numId = numPr?.NumberingId?.Val?.Value ?? style.NumId;
        int numLevel = numPr?.NumberingLevelReference?.Val?.Value ?? style.NumLevel;
        string? label = numId is { } n && _numbering.IsList(n) ? _numbering.Next(n, numLevel) : null;

        _pages.BeginBlock();
        var text = _text.Of(p);
        var pages = _pages.EndBlock();

        if (text.Trim().Length > 0)
        {
            _notes.FlushBefore(pages[0], _builder);
            int level = props?.OutlineLevel?.Val?.Value is { } outline ? (outline < 9 ? outline + 1 : 0) : style.HeadingLevel;
            var labelled = string.IsNullOrEmpty(label) ? text : $"{label} {text}";
            if (level > 0)
            {
                _builder.AddHeading(level, labelled, pages[0]);
                if (style.IsTitle) StyleTitle ??= text;
            }
            else if (label is not null) _builder.AddListItem(numLevel, labelled, pages);
            else if (style.IsCaption) _builder.AddCaption(text, pages);
            else _builder.AddParagraph(text, pages);
        }

        // A sectPr inside a paragraph ends a section at that paragraph.
        if (props?.SectionProperties is { } sect)
        {
            _sections.Add(new DocxSection(sect, _sectionStart, _pages.Current));
            _pages.SectionEnd(sect);
            _sectionStart = _pages.Current;
        }
    }

    void Table(Table table)
    {
        _pages.BeginBlock();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var row in Rows(table))
        {
            var cells = new List<string>();
            foreach (var cell in Cells(row))
            {
                cells.Add(CellText(cell));
                // A cell spanning several grid columns is padded so that columns line up across rows.
                for (int k = 1; k < (cell.TableCellProperties?.GridSpan?.Val?.Value ?? 1); k++) cells.Add("");
            }
            rows.Add(cells);
        }
        var pages = _pages.EndBlock();
        _notes.FlushBefore(pages[0], _builder);
        _builder.AddTable(rows, pages);
    }

    string CellText(OpenXmlElement cell)
    {
        var parts = new List<string>();
        foreach (var child in cell.ChildElements)
        {
            switch (child)
            {
                case Paragraph p: parts.Add(_text.Of(p)); break;
                case Table nested: parts.Add(string.Join("; ", Rows(nested).Select(r => string.Join(" | ", Cells(r).Select(CellText))))); break;
                case SdtBlock or SdtContentBlock or CustomXmlBlock: parts.Add(CellText(child)); break;
            }
        }
        return string.Join(" ", parts.Where(s => s.Trim().Length > 0));
    }

    static IEnumerable<TableRow> Rows(OpenXmlElement e)
    {
        foreach (var child in e.ChildElements)
            if (child is TableRow row) yield return row;
            else if (child is SdtRow or SdtContentRow or CustomXmlRow)
                foreach (var r in Rows(child)) yield return r;
    }

    static IEnumerable<TableCell> Cells(OpenXmlElement e)
    {
        foreach (var child in e.ChildElements)
            if (child is TableCell cell) yield return cell;
            else if (child is SdtCell or SdtContentCell or CustomXmlCell)
                foreach (var c in Cells(child)) yield return c;
    }
}
