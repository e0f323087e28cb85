using System.Text;
using LongDoc.Documents;
using LongDoc.Tasks.Structure;

namespace LongDoc.Tasks.Prompts;

/// <summary>
/// A document (or some of its sections) as prompt text: a page marker line "[Page N]" wherever a new page begins,
/// headings as Markdown headings, tables as their " | " rows. The marker is what the model is asked to cite, so it
/// uses the same words as the citations it should write ("[p. N]" in answers, "[Page N]" in the text).
/// </summary>
public static class DocumentRenderer
{
    public static string PageMarker(int page) => $"[Page {page}]";

    public static string Render(Document document) => Render(document, Enumerable.Range(0, document.Blocks.Count));

    /// <summary>The given sections in document order; an omission between two is marked so the model knows.</summary>
    public static string Render(Document document, IEnumerable<Section> sections)
    {
        var sb = new StringBuilder();
        int last = -1;
        foreach (var section in sections.OrderBy(s => s.Index))
        {
            if (last >= 0 && section.Index != last + 1) sb.AppendLine("[...]").AppendLine();
            sb.Append(Render(document, section.Blocks));
            last = section.Index;
        }
        return sb.ToString();
    }

    static string Render(Document document, IEnumerable<int> blocks)
    {
        var sb = new StringBuilder();
        int page = 0;
        foreach (var b in blocks)
        {
            var block = document.Blocks[b];
            if (block.FirstPage != page) { page = block.FirstPage; sb.AppendLine(PageMarker(page)); }
            if (block.Kind == BlockKind.Heading) sb.Append(new string('#', Math.Clamp(block.Level, 1, 6))).Append(' ');
            sb.AppendLine(block.Text).AppendLine();
            // A paragraph that runs onto the next page: the next block's marker must still say so.
            if (block.LastPage != page) page = -1;
        }
        return sb.ToString();
    }
}
