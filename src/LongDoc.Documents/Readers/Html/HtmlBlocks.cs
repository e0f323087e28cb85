using System.Text;
using AngleSharp.Dom;

namespace LongDoc.Documents.Readers.Html;

/// <summary>
/// Walks an HTML body into blocks: h1-h6 headings, paragraphs, list items with their nesting depth (ordered items
/// labelled "1.", honouring start), tables (th and td cells, colspan padded), captions (figcaption, table caption).
/// Scripts, styles, navigation and the page's own banner header and footer are boilerplate and skipped; a header
/// or footer inside an article or main element belongs to that content and is kept.
/// </summary>
internal sealed class HtmlBlocks(DocumentBuilder builder)
{
    static readonly HashSet<string> Skipped = ["script", "style", "noscript", "template", "nav", "head", "iframe", "object", "svg", "canvas", "select", "button"];

    static readonly HashSet<string> BlockNames =
    [
        "address", "article", "aside", "blockquote", "body", "center", "details", "dd", "dialog", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main",
        "ol", "p", "pre", "section", "summary", "table", "ul", "caption", "tr", "td", "th", "thead", "tbody", "tfoot",
    ];

    // Past this nesting the walk stops recursing and takes the subtree's text flat, so that hostile nesting
    // (a hundred thousand open divs) cannot overflow the stack, which would end the process.
    const int MaxDepth = 200;

    bool _flattenedWarned;

    public void Read(IElement body) => Container(body, 0);

    void Container(INode node, int depth)
    {
        if (depth > MaxDepth) { FlatParagraph(node); return; }
        var loose = new StringBuilder();   // inline content between blocks becomes its own paragraph
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t) { loose.Append(Collapse(t.Data)); continue; }
            if (child is not IElement e || IsSkipped(e)) continue;
            if (!BlockNames.Contains(e.LocalName)) { AppendInline(e, loose, pre: false, depth); continue; }
            Flush(loose);
            Block(e, depth + 1);
        }
        Flush(loose);
    }

    void Flush(StringBuilder loose)
    {
        if (loose.Length > 0) builder.AddParagraph(loose.ToString(), 1);
        loose.Clear();
    }

    void Block(IElement e, int depth)
    {
        if (depth > MaxDepth) { FlatParagraph(e); return; }
        switch (e.LocalName)
        {
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6": builder.AddHeading(e.LocalName[1] - '0', Inline(e, depth), 1); break;
            case "p" or "dt" or "summary" or "address": builder.AddParagraph(Inline(e, depth), 1); break;
            case "pre": builder.AddParagraph(Inline(e, depth, pre: true), 1); break;
            case "ul" or "ol": List(e, 0, depth); break;
            case "table": Table(e, depth); break;
            case "figcaption" or "caption": builder.AddCaption(Inline(e, depth), 1); break;
            case "hr": break;
            default: Container(e, depth); break;   // div, section, article, blockquote, dd, figure, li outside a list, ...
        }
    }

    void List(IElement list, int level, int depth)
    {
        if (depth > MaxDepth) { FlatParagraph(list); return; }
        bool ordered = list.LocalName == "ol";
        int number = ordered && int.TryParse(list.GetAttribute("start"), out var start) ? start : 1;
        foreach (var child in list.Children)
        {
            if (IsSkipped(child)) continue;
            if (child.LocalName is "ul" or "ol") { List(child, level + 1, depth + 1); continue; }   // a list directly in a list: invalid, common
            if (child.LocalName != "li") continue;
            var own = new StringBuilder();
            var nested = new List<IElement>();
            foreach (var node in child.ChildNodes)
            {
                if (node is IText t) own.Append(Collapse(t.Data));
                else if (node is IElement e && !IsSkipped(e))
                {
                    if (e.LocalName is "ul" or "ol") nested.Add(e);
                    else AppendInline(e, own, e.LocalName == "pre", depth);
                }
            }
            if (ordered && int.TryParse(child.GetAttribute("value"), out var value)) number = value;
            var label = ordered ? $"{number++}. " : "";
            if (own.ToString().Trim().Length > 0) builder.AddListItem(level, label + own, 1);
            foreach (var n in nested) List(n, level + 1, depth + 2);
        }
    }

    void Table(IElement table, int depth)
    {
        foreach (var caption in table.Children.Where(c => c.LocalName == "caption")) builder.AddCaption(Inline(caption, depth), 1);
        var rows = new List<IReadOnlyList<string>>();
        // Rows of this table only: a nested table's rows stay inside the cell that holds it.
        foreach (var tr in table.QuerySelectorAll("tr").Where(tr => tr.Closest("table") == table))
        {
            var cells = new List<string>();
            foreach (var cell in tr.Children.Where(c => c.LocalName is "td" or "th"))
            {
                cells.Add(Inline(cell, depth));
                int span = int.TryParse(cell.GetAttribute("colspan"), out var s) ? Math.Clamp(s, 1, 1000) : 1;
                for (int k = 1; k < span; k++) cells.Add("");
            }
            rows.Add(cells);
        }
        builder.AddTable(rows, 1);
    }

    static string Inline(IElement e, int depth, bool pre = false)
    {
        var sb = new StringBuilder();
        AppendInline(e, sb, pre, depth);
        return sb.ToString();
    }

    void FlatParagraph(INode node)
    {
        if (!_flattenedWarned) builder.Warn($"markup nested deeper than {MaxDepth} levels; its text was read without structure");
        _flattenedWarned = true;
        var sb = new StringBuilder();
        AppendFlat(node, sb);
        builder.AddParagraph(sb.ToString(), 1);
    }

    // Iterative, in document order: no recursion however deep the tree.
    static void AppendFlat(INode root, StringBuilder sb)
    {
        var stack = new Stack<INode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is IText t) { sb.Append(Collapse(t.Data)); continue; }
            if (node is IElement e && IsSkipped(e)) continue;
            if (node is IElement { LocalName: "br" or "p" or "div" or "li" or "tr" }) sb.Append('\n');
            for (int i = node.ChildNodes.Length - 1; i >= 0; i--) stack.Push(node.ChildNodes[i]);
        }
    }

    /// <summary>Text of an element as one block: whitespace collapsed outside pre, br a line break, nested blocks on their own lines.</summary>
    static void AppendInline(INode node, StringBuilder sb, bool pre, int depth)
    {
        if (depth > MaxDepth) { AppendFlat(node, sb); return; }
        if (node is IText text) { sb.Append(pre ? text.Data : Collapse(text.Data)); return; }
        if (node is not IElement e || IsSkipped(e)) return;
        if (e.LocalName == "br") { sb.Append('\n'); return; }
        bool block = BlockNames.Contains(e.LocalName);
        if (block) sb.Append('\n');
        foreach (var child in e.ChildNodes) AppendInline(child, sb, pre || e.LocalName == "pre", depth + 1);
        if (e.LocalName is "td" or "th") sb.Append(' ');
        if (block) sb.Append('\n');
    }

    static string Collapse(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        if (space) sb.Append(' ');
        return sb.ToString();
    }

    static bool IsSkipped(IElement e)
    {
        if (Skipped.Contains(e.LocalName) || e.HasAttribute("hidden")) return true;
        if (e.GetAttribute("aria-hidden") == "true" || e.GetAttribute("role") == "navigation") return true;
        // The page banner (a header or footer not inside article/main) is boilerplate; an article's own header is content.
        return e.LocalName is "header" or "footer" && e.Closest("article, main") is null;
    }
}
