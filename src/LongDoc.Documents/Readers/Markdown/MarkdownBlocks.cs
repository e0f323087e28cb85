using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using MdBlock = Markdig.Syntax.Block;

namespace LongDoc.Documents.Readers.Markdown;

/// <summary>
/// Walks a parsed Markdown document into blocks: headings (ATX and setext), paragraphs, list items with their
/// depth (ordered items labelled as written, from the list's start number), pipe tables, code blocks as
/// paragraphs (their lines kept), block quotes by their contents. Front matter gives the title.
/// </summary>
internal sealed class MarkdownBlocks(DocumentBuilder builder)
{
    // Past this nesting (quotes in lists in quotes ...) the rest is read as flat text: no stack overflow.
    const int MaxDepth = 200;

    public string? FrontMatterTitle { get; private set; }

    public void Read(MarkdownDocument document) => Container(document, listLevel: -1, depth: 0);

    void Container(ContainerBlock container, int listLevel, int depth)
    {
        foreach (var block in container) Block(block, listLevel, depth + 1);
    }

    void Block(MdBlock block, int listLevel, int depth)
    {
        if (depth > MaxDepth) { builder.AddParagraph(Flat(block), 1); return; }
        switch (block)
        {
            case YamlFrontMatterBlock yaml: FrontMatterTitle ??= YamlTitle(yaml.Lines.ToString()); break;
            case HeadingBlock h: builder.AddHeading(h.Level, MarkdownInlines.Of(h), 1); break;
            case ParagraphBlock p: builder.AddParagraph(MarkdownInlines.Of(p), 1); break;
            case CodeBlock code: builder.AddParagraph(code.Lines.ToString(), 1); break;   // fenced or indented
            case HtmlBlock html: builder.AddParagraph(MarkdownInlines.StripHtml(html.Lines.ToString()), 1); break;
            case Table table: Table(table); break;
            case ListBlock list: List(list, listLevel + 1, depth); break;
            case ContainerBlock other: Container(other, listLevel, depth); break;   // quotes and the like
        }
    }

    void List(ListBlock list, int level, int depth)
    {
        int number = list.IsOrdered && int.TryParse(list.OrderedStart, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var label = list.IsOrdered ? $"{number++}{list.OrderedDelimiter} " : "";
            // The item's first paragraph is the item; what follows it (more paragraphs, nested lists) comes after.
            int i = 0;
            if (item.Count > 0 && item[0] is ParagraphBlock first)
            {
                builder.AddListItem(level, label + MarkdownInlines.Of(first), 1);
                i = 1;
            }
            for (; i < item.Count; i++)
            {
                if (item[i] is ParagraphBlock more) builder.AddListItem(level, MarkdownInlines.Of(more), 1);
                else Block(item[i], level, depth + 1);
            }
        }
    }

    void Table(Table table)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var row in table.OfType<TableRow>())
            rows.Add(row.OfType<TableCell>().Select(cell => string.Join(" ", cell.OfType<LeafBlock>().Select(MarkdownInlines.Of))).ToArray());
        builder.AddTable(rows, 1);
    }

    static string? YamlTitle(string yaml)
    {
        foreach (var line in yaml.Split('\n'))
        {
            var l = line.Trim();
            if (!l.StartsWith("title:", StringComparison.OrdinalIgnoreCase)) continue;
            var value = l["title:".Length..].Trim().Trim('"', '\'');
            return value.Length > 0 ? value : null;
        }
        return null;
    }

    // Iterative text of a subtree, for input nested past MaxDepth.
    static string Flat(MdBlock root)
    {
        var parts = new List<string>();
        var stack = new Stack<MdBlock>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var b = stack.Pop();
            if (b is LeafBlock leaf) parts.Add(MarkdownInlines.Of(leaf));
            else if (b is ContainerBlock c) for (int i = c.Count - 1; i >= 0; i--) stack.Push(c[i]);
        }
        return string.Join("\n", parts);
    }
}
