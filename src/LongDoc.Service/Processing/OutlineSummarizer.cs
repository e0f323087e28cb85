using System.Text;
using LongDoc.Documents;

namespace LongDoc.Service.Processing;

/// <summary>The document's outline (title, pages, headings with their first page) as Markdown.</summary>
public sealed class OutlineSummarizer : IDocumentSummarizer
{
    public Task<string> SummarizeAsync(Document document, CancellationToken ct)
    {
        var md = new StringBuilder($"# {document.Title}\n\n{document.PageCount} pages, {document.Format.ToString().ToLowerInvariant()}\n\n");
        foreach (var h in document.Blocks.Where(b => b.Kind == BlockKind.Heading))
            md.Append(new string(' ', 2 * Math.Max(0, h.Level - 1))).Append($"- {h.Text} (p. {h.FirstPage})\n");
        return Task.FromResult(md.ToString());
    }
}
