using System.Text;
using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Models;

namespace LongDoc.Tasks.Collections;

/// <summary>
/// A collection's answer as plain text for a terminal, as one document's (<see cref="AnswerText"/>) with each
/// citation naming its document: "[report.pdf, p. 4, 2 Station > 2.1 Site]".
/// </summary>
public static class CollectionAnswerText
{
    public const string ExtractiveLabel =
        "Extractive answer (no language model): the passages of the documents that best match the question, best first.";

    public static string Render(CollectionAnswer answer)
    {
        if (answer.Mode == TaskMode.Model) return answer.Text + "\n" + Footer(answer);
        var sb = new StringBuilder().AppendLine(ExtractiveLabel).AppendLine();
        if (!answer.Found) return sb.AppendLine(answer.Text).ToString();
        for (int i = 0; i < answer.Citations.Count; i++)
        {
            var (document, c) = answer.Citations[i];
            sb.Append(i + 1).Append(". \"").Append(c.Quote).Append("\" [").Append(document.Name).Append(", ").Append(c.Pages);
            if (c.Section.Length > 0) sb.Append(", ").Append(c.Section);
            sb.AppendLine("]");
        }
        return sb.ToString();
    }

    /// <summary>After a model's (streamed) answer: its citations with their document and check, and what was read.</summary>
    public static string Footer(CollectionAnswer answer)
    {
        var sb = new StringBuilder().AppendLine();
        if (answer.Citations.Count > 0)
        {
            sb.AppendLine("Citations:");
            foreach (var (document, c) in answer.Citations)
                sb.Append("  [").Append(document.Name).Append(", ").Append(c.Pages).Append("] \"").Append(c.Quote).Append("\" - ")
                  .AppendLine(c.Verified ? "verified on that page" : "NOT VERIFIED: not found on that page of that document");
        }
        sb.AppendLine("Read:");
        foreach (var read in answer.Read)
            sb.Append("  ").Append(read.Document.Name).Append(": pages ").AppendLine(PageList.Format(read.Pages));
        return sb.ToString();
    }
}
