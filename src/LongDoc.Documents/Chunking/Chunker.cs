using System.Text.RegularExpressions;

namespace LongDoc.Documents.Chunking;

/// <summary>
/// Cuts a document into token-bounded chunks along its structure:
/// blocks are the units; a block over the budget is cut into sentences (tables: into rows, never inside a row);
/// a heading always opens a new chunk, so a chunk never straddles two sections;
/// consecutive chunks of one section overlap by whole units up to the overlap budget.
/// A single unit over the budget (one enormous sentence or table row) becomes a chunk of its own, over budget,
/// rather than being cut mid-sentence or mid-row.
/// </summary>
public sealed partial class Chunker(ITokenCounter counter, ChunkOptions options)
{
    public Chunker() : this(ApproximateTokenCounter.Instance, new ChunkOptions()) { }

    // A unit is a span of Document.Text that is never split: a block, a sentence of a long block, or a table row.
    readonly record struct Unit(int Start, int End, int Tokens, int Block, bool OpensSection);

    public IReadOnlyList<Chunk> Split(Document document)
    {
        options.Validate();
        var units = Units(document);
        var chunks = new List<Chunk>();
        int first = 0;
        while (first < units.Count)
        {
            int last = first, tokens = units[first].Tokens;
            while (last + 1 < units.Count && !units[last + 1].OpensSection && tokens + units[last + 1].Tokens <= options.MaxTokens)
                tokens += units[++last].Tokens;
            chunks.Add(MakeChunk(document, units, first, last, chunks.Count));
            if (last + 1 >= units.Count) break;
            first = NextStart(units, first, last);
        }
        return chunks;
    }

    // The next chunk starts after `last`, moved back over whole units of the same section up to the overlap budget.
    int NextStart(List<Unit> units, int first, int last)
    {
        int next = last + 1;
        if (units[next].OpensSection || options.OverlapTokens == 0) return next;
        int overlap = 0, start = next;
        while (start - 1 > first && overlap + units[start - 1].Tokens <= options.OverlapTokens && !units[start].OpensSection)
            overlap += units[--start].Tokens;
        return start;
    }

    static Chunk MakeChunk(Document doc, List<Unit> units, int first, int last, int index)
    {
        int start = units[first].Start, end = units[last].End;
        int firstBlock = units[first].Block, lastBlock = units[last].Block;
        var blocks = doc.Blocks;
        int firstPage = int.MaxValue, lastPage = 0, tokens = 0;
        for (int b = firstBlock; b <= lastBlock; b++) { firstPage = Math.Min(firstPage, blocks[b].FirstPage); lastPage = Math.Max(lastPage, blocks[b].LastPage); }
        for (int u = first; u <= last; u++) tokens += units[u].Tokens;
        var head = blocks[firstBlock];
        var section = head.Kind == BlockKind.Heading ? [.. head.Section, head.Text] : head.Section;
        return new Chunk(index, doc.Text[start..end], start, end, tokens, section, firstPage, lastPage, firstBlock, lastBlock);
    }

    List<Unit> Units(Document doc)
    {
        var units = new List<Unit>();
        for (int b = 0; b < doc.Blocks.Count; b++)
        {
            var block = doc.Blocks[b];
            int tokens = counter.Count(block.Text);
            bool opens = block.Kind == BlockKind.Heading;
            if (tokens <= options.MaxTokens || opens) { units.Add(new Unit(block.Start, block.End, tokens, b, opens)); continue; }
            foreach (var (s, e) in block.Kind == BlockKind.Table ? Rows(block.Text) : Sentences(block.Text))
                units.Add(new Unit(block.Start + s, block.Start + e, counter.Count(block.Text.AsSpan(s, e - s)), b, false));
        }
        return units;
    }

    static IEnumerable<(int Start, int End)> Rows(string text)
    {
        int start = 0;
        for (int i = 0; i <= text.Length; i++)
            if (i == text.Length || text[i] == '\n') { if (i > start) yield return (start, i); start = i + 1; }
    }

    // Sentence ends: . ! ? (or CJK 。！？) followed by whitespace, or a line break. Spans exclude the whitespace between.
    static IEnumerable<(int Start, int End)> Sentences(string text)
    {
        int start = 0;
        foreach (Match m in SentenceEnd().Matches(text))
        {
            int end = m.Index + m.Length;
            int trimmed = end; while (trimmed > start && char.IsWhiteSpace(text[trimmed - 1])) trimmed--;
            if (trimmed > start) yield return (start, trimmed);
            start = end;
        }
        if (start < text.Length) yield return (start, text.Length);
    }

    [GeneratedRegex(@"(?<=[.!?。！？][""'”’)\]]?)\s+|\n")]
    private static partial Regex SentenceEnd();
}
