using System.Text;

namespace LongDoc.Documents.Rendering;

/// <summary>Plain text, page by page, each page opened by a marker line "=== Page N ===".</summary>
public static class DocumentPlainText
{
    public static string Render(Document d)
    {
        var sb = new StringBuilder();
        foreach (var page in d.Pages)
        {
            sb.Append("=== Page ").Append(page.Number).AppendLine(" ===");
            if (page.Text.Length > 0) sb.AppendLine(page.Text);
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
