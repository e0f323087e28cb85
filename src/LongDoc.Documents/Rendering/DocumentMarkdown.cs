using System.Text;

namespace LongDoc.Documents.Rendering;

/// <summary>
/// Markdown with the structure kept: headings, nested list items, pipe tables (first row as the header),
/// captions in italics, footnotes as quotes. A comment marks where each page starts, so pages stay citable.
/// </summary>
public static class DocumentMarkdown
{
    public static string Render(Document d)
    {
        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(Escape(d.Title)).AppendLine();
        int page = 0;
        foreach (var b in d.Blocks)
        {
            if (b.FirstPage != page) { page = b.FirstPage; sb.Append("<!-- page ").Append(page).AppendLine(" -->").AppendLine(); }
            switch (b.Kind)
            {
                case BlockKind.Heading: sb.Append('#', Math.Min(b.Level + 1, 6)).Append(' ').AppendLine(b.Text); break;
                case BlockKind.ListItem: sb.Append(' ', 2 * b.Level).Append("- ").AppendLine(b.Text.Replace("\n", " ")); break;
                case BlockKind.Table: AppendTable(sb, b.Rows ?? []); break;
                case BlockKind.Caption: sb.Append('*').Append(b.Text.Replace("\n", " ")).AppendLine("*"); break;
                case BlockKind.Footnote: sb.Append("> ").AppendLine(b.Text.Replace("\n", "\n> ")); break;
                default: sb.AppendLine(b.Text); break;
            }
            // consecutive list items stay one list
            if (b.Kind != BlockKind.ListItem) sb.AppendLine();
        }
        return sb.ToString().TrimEnd() + "\n";
    }

    static void AppendTable(StringBuilder sb, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (rows.Count == 0) return;
        int cols = rows.Max(r => r.Count);
        void Row(IReadOnlyList<string> r) =>
            sb.Append("| ").AppendJoin(" | ", Enumerable.Range(0, cols).Select(i => i < r.Count ? Escape(r[i]).Replace("|", "\\|") : "")).AppendLine(" |");
        Row(rows[0]);
        sb.Append('|').AppendJoin("|", Enumerable.Repeat(" --- ", cols)).AppendLine("|");
        foreach (var r in rows.Skip(1)) Row(r);
    }

    static string Escape(string s) => s.Replace("\n", " ");
}
