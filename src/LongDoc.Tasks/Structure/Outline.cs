using LongDoc.Documents;

namespace LongDoc.Tasks.Structure;

/// <summary>The document's sections in reading order (see <see cref="Section"/>).</summary>
public static class Outline
{
    public static IReadOnlyList<Section> Sections(Document document)
    {
        var drafts = new List<(string Heading, int Level, IReadOnlyList<string> Path, List<int> Blocks)>();
        for (int b = 0; b < document.Blocks.Count; b++)
        {
            var block = document.Blocks[b];
            if (block.Kind == BlockKind.Heading) drafts.Add((block.Text, block.Level, [.. block.Section, block.Text], [b]));
            else if (drafts.Count == 0) drafts.Add((document.Title, 0, [], [b]));
            else drafts[^1].Blocks.Add(b);
        }
        var sections = new List<Section>(drafts.Count);
        for (int s = 0; s < drafts.Count; s++)
        {
            var (heading, level, path, blocks) = drafts[s];
            int first = blocks.Min(b => document.Blocks[b].FirstPage);
            int last = blocks.Max(b => document.Blocks[b].LastPage);
            // Subsections (following sections of a deeper level) extend this section's page range.
            for (int t = s + 1; t < drafts.Count && level > 0 && drafts[t].Level > level; t++)
                last = Math.Max(last, drafts[t].Blocks.Max(b => document.Blocks[b].LastPage));
            sections.Add(new Section(s, heading, level, path, first, last,
                document.Blocks[blocks[0]].Start, document.Blocks[blocks[^1]].End, blocks));
        }
        return sections;
    }
}
