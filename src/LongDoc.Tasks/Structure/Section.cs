using LongDoc.Documents;

namespace LongDoc.Tasks.Structure;

/// <summary>
/// A heading and the blocks under it up to the next heading (its own body; subsections are separate sections).
/// <see cref="Level"/> is the heading level (0 for the untitled preamble before the first heading).
/// <see cref="FirstPage"/>..<see cref="LastPage"/> covers the heading, its body and all its subsections, so an
/// outline shows where a whole chapter lies. <see cref="Start"/>..<see cref="End"/> is the span of the heading
/// and its own body in Document.Text; <see cref="Blocks"/> are those blocks' indices.
/// </summary>
public sealed record Section(
    int Index,
    string Heading,
    int Level,
    IReadOnlyList<string> Path,
    int FirstPage,
    int LastPage,
    int Start,
    int End,
    IReadOnlyList<int> Blocks)
{
    public string Text(Document document) => document.Text[Start..End];

    /// <summary>"p. 5" or "pp. 5-8".</summary>
    public string PageRange => FirstPage == LastPage ? $"p. {FirstPage}" : $"pp. {FirstPage}-{LastPage}";
}
