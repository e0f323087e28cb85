using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using LongDoc.Samples.Generator.Facts;

namespace LongDoc.Samples.Generator.Docx;

/// <summary>
/// Appends paragraphs, lists, a table, footnotes and page breaks to a document body, and tells the
/// ledger on which page each fact lands. A DOCX has no fixed pages; "page" here counts explicit page
/// breaks, which is also what a reader can recover without a layout engine.
/// </summary>
public sealed class DocxBody(Body body, Footnotes footnotes, FactLedger ledger)
{
    int _page = 1;
    int _nextFootnoteId = 1;

    public void Heading(int level, string text) => body.Append(Styled($"Heading{level}", new Run(new Text(text))));

    public void Title(string text) => body.Append(Styled("Title", new Run(new Text(text))));

    public void Paragraph(string text) => body.Append(Styled(null, TextRun(text)));

    public void Fact(FactSpec fact, string? styleId = null)
    {
        body.Append(Styled(styleId, TextRun(fact.Render())));
        ledger.Place(fact.Id, _page);
    }

    /// <summary>An item of the decimal list; <paramref name="footnote"/>, if given, is attached after the text.</summary>
    public void NumberedItem(string text, FactSpec? fact = null, FactSpec? footnote = null)
    {
        var p = Styled("ListParagraph", TextRun(fact?.Render() ?? text));
        p.ParagraphProperties!.Append(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = DocxParts.DecimalListId }));
        if (fact is not null) ledger.Place(fact.Id, _page);
        if (footnote is not null) p.Append(FootnoteReference(footnote));
        body.Append(p);
    }

    public void Table(string[] header, string[][] rows, IReadOnlyList<(int Row, int Column, FactSpec Fact)> facts)
    {
        var table = new Table(new TableProperties(new TableStyle { Val = "TableGrid" }, new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }));
        // The grid is required by the schema; the text width of an A4 page with 1-inch margins is 9026 twips.
        var grid = new TableGrid();
        for (int c = 0; c < header.Length; c++) grid.Append(new GridColumn { Width = (9026 / header.Length).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        table.Append(grid);
        var headerRow = new TableRow(new TableRowProperties(new TableHeader()));
        headerRow.Append(header.Select(h => Cell(h, bold: true)));
        table.Append(headerRow);
        foreach (var row in rows) table.Append(new TableRow(row.Select(c => Cell(c, bold: false))));
        foreach (var (r, c, fact) in facts)
        {
            if (rows[r][c] != fact.Answer) throw new InvalidOperationException($"DOCX table fact '{fact.Id}': cell ({r},{c}) is '{rows[r][c]}'");
            ledger.Place(fact.Id, _page);
        }
        body.Append(table);
        body.Append(new Paragraph()); // Word needs a paragraph between a table and what follows
    }

    public void PageBreak()
    {
        body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));
        _page++;
    }

    Run FootnoteReference(FactSpec fact)
    {
        int id = _nextFootnoteId++;
        footnotes.Append(new Footnote(new Paragraph(
            new ParagraphProperties(new ParagraphStyleId { Val = "FootnoteText" }),
            new Run(new RunProperties(new RunStyle { Val = "FootnoteReference" }), new FootnoteReferenceMark()),
            TextRun(" " + fact.Render()))) { Id = id });
        ledger.Place(fact.Id, _page);
        return new Run(new RunProperties(new RunStyle { Val = "FootnoteReference" }), new FootnoteReference { Id = id });
    }

    static TableCell Cell(string text, bool bold)
    {
        var run = bold ? new Run(new RunProperties(new Bold()), new Text(text)) : new Run(new Text(text));
        return new TableCell(new Paragraph(new ParagraphProperties(new SpacingBetweenLines { After = "0" }), run));
    }

    static Run TextRun(string text) => new(new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    static Paragraph Styled(string? styleId, Run run)
    {
        var props = new ParagraphProperties();
        if (styleId is not null) props.Append(new ParagraphStyleId { Val = styleId });
        return new Paragraph(props, run);
    }
}
