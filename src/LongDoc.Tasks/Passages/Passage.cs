namespace LongDoc.Tasks.Passages;

/// <summary>
/// The unit that extractive search and summaries pick: one sentence of a paragraph or list item, or one row of a
/// table. <see cref="Text"/> is verbatim from Document.Text[Start..End] (so it can be quoted and verified);
/// <see cref="Context"/> is what the unit means in its place (the section path, and for a table row its header
/// row), searched with a lower weight but never quoted. A sentence that runs over a page break is on
/// <see cref="Page"/> to <see cref="LastPage"/>.
/// </summary>
public sealed record Passage(
    int Index,
    string Text,
    string Context,
    int Start,
    int End,
    int Page,
    IReadOnlyList<string> Section,
    int Block)
{
    /// <summary>The section path as one line ("2 Station and Logistics > 2.1 Location and Site").</summary>
    public string SectionLine => SectionPath.Format(Section);

    /// <summary>The page the passage ends on: <see cref="Page"/> unless it runs over a page break.</summary>
    public int LastPage { get => lastPage ?? Page; init => lastPage = value; }
    readonly int? lastPage;
}

/// <summary>How a section path is written in citations and outputs.</summary>
public static class SectionPath
{
    public const string Separator = " > ";

    public static string Format(IReadOnlyList<string> section) => string.Join(Separator, section);
}
