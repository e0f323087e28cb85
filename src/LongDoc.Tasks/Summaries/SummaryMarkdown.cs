using System.Text;
using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Citations;

namespace LongDoc.Tasks.Summaries;

/// <summary>
/// Renders a summary as Markdown: a title, a quoted line saying how it was made (extractive or which model),
/// then per style a paragraph (brief), headings with page ranges and paragraphs (outline), or headings with
/// bullets (bullets); a level-0 section (the whole document) has no heading. Every extractive point ends with
/// its page as "[p. N]"; a model's text is written as the model wrote it (its own citations inside).
/// </summary>
public static class SummaryMarkdown
{
    public const string ExtractiveLabel =
        "Extractive summary (no language model): the most informative sentences of the document, quoted verbatim with their pages.";

    /// <summary>The body of a summary without sections: the summarizers return none when the document has no text.</summary>
    public const string NoTextNote = "No text could be extracted from this document (it may be scanned images that OCR did not recognise: see the reader's warnings), so there is nothing to summarize.";

    public static string Label(Summary summary) => summary.Mode == TaskMode.Extractive
        ? ExtractiveLabel
        : $"Summary written by the language model {summary.Model ?? "(unnamed)"}; page references are the model's and were checked where quoted.";

    public static string Render(Summary summary)
    {
        var sb = new StringBuilder();
        sb.Append("# Summary: ").AppendLine(summary.Title).AppendLine();
        sb.Append("> ").AppendLine(Label(summary));
        sb.Append("> Source: ").Append(Path.GetFileName(summary.Source)).Append(", ").Append(summary.PageCount)
          .Append(summary.PageCount == 1 ? " page" : " pages").Append("; style: ").AppendLine(summary.Style.ToString().ToLowerInvariant());
        if (summary.Sections.Count == 0) return sb.AppendLine().AppendLine(NoTextNote).ToString();   // the summarizers' "no text"
        foreach (var section in summary.Sections)
        {
            sb.AppendLine();
            // Level 0 is the whole document (brief, a model's overview, a preamble): no heading of its own.
            if (section.Level > 0)
            {
                sb.Append(new string('#', Math.Clamp(section.Level + 1, 2, 6))).Append(' ').Append(section.Heading)
                  .Append(" (").Append(Pages(section)).AppendLine(")");
                if (section.Points.Count == 0) continue;
                sb.AppendLine();
            }
            if (summary.Mode == TaskMode.Model) foreach (var p in section.Points) sb.AppendLine(p.Text.Trim());
            else if (summary.Style == SummaryStyle.Bullets) foreach (var p in section.Points) sb.Append("- ").AppendLine(Point(p));
            else sb.AppendLine(string.Join(" ", section.Points.Select(Point)));
        }
        return sb.ToString();
    }

    static string Point(SummaryPoint point) => $"{point.Text} [{PageRange.Format(point.Page, point.LastPage)}]";

    static string Pages(SummarySection s) => s.FirstPage == s.LastPage ? $"p. {s.FirstPage}" : $"pp. {s.FirstPage}-{s.LastPage}";
}
