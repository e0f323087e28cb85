using System.Text;
using LongDoc.Tasks.Answers;

namespace LongDoc.Tasks.Collections;

/// <summary>
/// A collection's summary as Markdown: a title, a quoted line saying how the overview was made, the overview, then
/// each document's own summary under "## [D1] NAME" (its headings one level down), so "[D1]" leads to it.
/// </summary>
public static class CollectionSummaryMarkdown
{
    public static string Render(CollectionSummary summary)
    {
        var sb = new StringBuilder().Append("# Collection summary: ").AppendLine(summary.Name).AppendLine();
        sb.Append("> ").AppendLine(summary.Mode == TaskMode.Extractive ? CollectionSummarizer.ExtractiveLabel
            : $"Overview written by the language model {summary.Model ?? "(unnamed)"} from the documents' summaries; [D1] refers to the first document below.");
        sb.Append("> ").Append(summary.Documents.Count).AppendLine(summary.Documents.Count == 1 ? " document" : " documents").AppendLine();
        sb.AppendLine(summary.Overview);
        for (int i = 0; i < summary.Documents.Count; i++)
        {
            var d = summary.Documents[i];
            sb.AppendLine().Append("## [").Append(DocumentRef.Label(i)).Append("] ").AppendLine(d.Document.Name).AppendLine();
            foreach (var line in d.Summary.TrimEnd().Split('\n')) sb.AppendLine(line.StartsWith('#') ? "##" + line : line);
        }
        return sb.ToString();
    }
}
