using System.Text;
using LongDoc.Tasks.Models;

namespace LongDoc.Tasks.Answers;

/// <summary>
/// An answer as plain text for a terminal. Extractive: a label line saying so, then the quoted passages, each with
/// page and section. Model: the answer as the model wrote it (see <see cref="Footer"/> for what follows it).
/// </summary>
public static class AnswerText
{
    public const string ExtractiveLabel =
        "Extractive answer (no language model): the passages of the document that best match the question, best first.";

    public static string Render(Answer answer)
    {
        if (answer.Mode == TaskMode.Model) return answer.Text + "\n" + Footer(answer);
        var sb = new StringBuilder().AppendLine(ExtractiveLabel).AppendLine();
        if (!answer.Found) return sb.AppendLine(answer.Text).ToString();
        for (int i = 0; i < answer.Citations.Count; i++)
        {
            var c = answer.Citations[i];
            sb.Append(i + 1).Append(". \"").Append(c.Quote).Append("\" [").Append(c.Pages);
            if (c.Section.Length > 0) sb.Append(", ").Append(c.Section);
            sb.AppendLine("]");
        }
        return sb.ToString();
    }

    /// <summary>After a model's (streamed) answer: its citations with their check, and the pages that were read.</summary>
    public static string Footer(Answer answer)
    {
        var sb = new StringBuilder().AppendLine();
        if (answer.Citations.Count > 0)
        {
            sb.AppendLine("Citations:");
            foreach (var c in answer.Citations)
                sb.Append("  [").Append(c.Pages).Append("] \"").Append(c.Quote).Append("\" - ")
                  .AppendLine(c.Verified ? "verified on that page" : "NOT VERIFIED: not found on that page");
        }
        sb.Append("Pages read: ").AppendLine(PageList.Format(answer.PagesRead));
        return sb.ToString();
    }
}
