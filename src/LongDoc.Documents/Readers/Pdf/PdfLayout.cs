namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// The document-wide part of reading pages (from a text layer or from OCR): page headers and footers, tables,
/// headings (font size and weight, and the outline when there is one), then every page's blocks to the builder.
/// </summary>
static class PdfLayout
{
    /// <summary>Writes <paramref name="pages"/> in order; returns how many content blocks (not furniture, not tables) they had.</summary>
    public static int Write(DocumentBuilder builder, IReadOnlyList<PdfPageText> pages, IReadOnlyList<PdfOutlineEntry> outline)
    {
        var furniture = PdfFurniture.Find(pages);
        var tables = new Dictionary<PdfTextBlock, PdfTable>();
        foreach (var page in pages)
            foreach (var table in PdfTables.Find(page.Blocks.Where(b => !furniture.ContainsKey(b)).ToList()))
                foreach (var b in table.Blocks) tables[b] = table;
        var content = pages.SelectMany(p => p.Blocks).Where(b => !furniture.ContainsKey(b) && !tables.ContainsKey(b)).ToList();
        double bodySize = PdfHeadings.BodySize(content);
        var headings = PdfHeadings.Find(content, bodySize, outline);

        var cx = new PdfBlockWriter.Context(builder, bodySize, headings, furniture, tables);
        foreach (var page in pages) PdfBlockWriter.WritePage(cx, page);
        PdfBlockWriter.Finish(cx);
        return content.Count;
    }
}
