namespace LongDoc.Documents.Readers.Eml;

/// <summary>
/// Copies one document's blocks into another's builder: pages moved past <c>pageOffset</c>, headings moved
/// <c>levelShift</c> levels down so that they sit under the heading that introduces the inner document.
/// </summary>
internal static class DocumentAppender
{
    static readonly Dictionary<BlockKind, Action<DocumentBuilder, Block, int[], int>> ByKind = new()
    {
        [BlockKind.Heading] = (b, block, pages, shift) => b.AddHeading(block.Level + shift, block.Text, pages[0]),
        [BlockKind.Paragraph] = (b, block, pages, _) => b.AddParagraph(block.Text, pages),
        [BlockKind.ListItem] = (b, block, pages, _) => b.AddListItem(block.Level, block.Text, pages),
        [BlockKind.Table] = (b, block, pages, _) => b.AddTable(block.Rows ?? [], pages),
        [BlockKind.Caption] = (b, block, pages, _) => b.AddCaption(block.Text, pages),
        [BlockKind.Footnote] = (b, block, pages, _) => b.AddFootnote(block.Text, pages),
        [BlockKind.Header] = (b, block, pages, _) => b.AddFurniture(BlockKind.Header, block.Text, pages[0]),
        [BlockKind.Footer] = (b, block, pages, _) => b.AddFurniture(BlockKind.Footer, block.Text, pages[0]),
    };

    public static void Append(DocumentBuilder builder, Document inner, int pageOffset, int levelShift, string warningPrefix)
    {
        foreach (var block in inner.Blocks.Concat(inner.Furniture))
            ByKind[block.Kind](builder, block, [.. block.Pages.Select(p => p + pageOffset)], levelShift);
        builder.PageCount = Math.Max(builder.PageCount, pageOffset + inner.PageCount);
        foreach (var warning in inner.Warnings) builder.Warn(warningPrefix + warning);
    }
}
