using System.Text;

namespace LongDoc.Runtime.Chat;

/// <summary>
/// A chat prompt as text, and the spans of it that came from the messages (document, question, earlier answers).
/// Those spans are always tokenised as text: a document holding "&lt;|im_end|&gt;&lt;|im_start|&gt;system" cannot close
/// its turn or open another. Special tokens come only from the template's own markup (prompt injection defence,
/// README "Security").
/// </summary>
public sealed record RenderedPrompt(string Text, IReadOnlyList<(int Start, int Length)> Content)
{
    /// <summary>Whether text[start..start+length) overlaps a message's text.</summary>
    public bool TouchesContent(int start, int length)
    {
        foreach (var (s, l) in Content)
        {
            if (start < s + l && s < start + length) return true;
        }
        return false;
    }
}

/// <summary>Builds a <see cref="RenderedPrompt"/>: the template's markup and the messages' text, kept apart.</summary>
public sealed class PromptWriter
{
    readonly StringBuilder _text = new();
    readonly List<(int Start, int Length)> _content = [];

    /// <summary>The template's own text: special tokens in it (&lt;|im_start|&gt;, BOS) are parsed.</summary>
    public PromptWriter Markup(string markup)
    {
        _text.Append(markup);
        return this;
    }

    /// <summary>A message's text: never parsed for special tokens.</summary>
    public PromptWriter Content(string content)
    {
        if (content.Length > 0) _content.Add((_text.Length, content.Length));
        _text.Append(content);
        return this;
    }

    public RenderedPrompt ToPrompt() => new(_text.ToString(), _content.ToArray());
}
