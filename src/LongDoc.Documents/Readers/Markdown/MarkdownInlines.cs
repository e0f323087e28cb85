using System.Net;
using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace LongDoc.Documents.Readers.Markdown;

/// <summary>The reading text of Markdown inlines: literals, code spans, link and emphasis texts; markup and raw HTML tags dropped.</summary>
internal static class MarkdownInlines
{
    public static string Of(LeafBlock block)
    {
        if (block.Inline is null) return block.Lines.ToString();
        var sb = new StringBuilder();
        Append(block.Inline, sb);
        return sb.ToString();
    }

    // Iterative walk: emphasis and links nest, and hostile input can nest them deeply.
    static void Append(ContainerInline root, StringBuilder sb)
    {
        var stack = new Stack<Inline>();
        for (var c = root.LastChild; c is not null; c = c.PreviousSibling) stack.Push(c);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case LiteralInline lit: sb.Append(lit.Content.ToString()); break;
                case CodeInline code: sb.Append(code.Content); break;
                case LineBreakInline br: sb.Append(br.IsHard ? '\n' : ' '); break;
                case HtmlEntityInline entity: sb.Append(entity.Transcoded.ToString()); break;
                case AutolinkInline auto: sb.Append(auto.Url); break;
                case HtmlInline: break;   // a raw tag such as <br> or <span>: markup, not text
                case ContainerInline container:
                    for (var c = container.LastChild; c is not null; c = c.PreviousSibling) stack.Push(c);
                    break;
            }
        }
    }

    /// <summary>Text of a raw HTML block: tags removed, entities decoded.</summary>
    public static string StripHtml(string html)
    {
        var sb = new StringBuilder(html.Length);
        bool inTag = false;
        foreach (var c in html)
        {
            if (c == '<') { inTag = true; continue; }
            if (c == '>' && inTag) { inTag = false; sb.Append(' '); continue; }
            if (!inTag) sb.Append(c);
        }
        return WebUtility.HtmlDecode(sb.ToString());
    }
}
