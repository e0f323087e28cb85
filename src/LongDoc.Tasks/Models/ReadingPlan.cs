using LongDoc.Documents;
using LongDoc.Documents.Chunking;
using LongDoc.Tasks.Prompts;
using LongDoc.Tasks.Search;

namespace LongDoc.Tasks.Models;

/// <summary>
/// What of a document goes into a prompt: the whole document when it fits the budget, else pieces of its
/// sections (chunks that never straddle a heading) ranked by BM25 for the question, taken best first while they
/// fit, and shown in document order under their page markers and heading paths. <see cref="Pages"/> are the pages
/// whose text is in the prompt, ascending.
/// With a <see cref="PassageSearch"/> (hybrid: BM25 fused with an embedding model), the pieces holding its best
/// passages come first, in the order of those passages, so a piece that answers in other words than the question's
/// ("How fast is the internet?" - "the satellite link provides 40 megabits per second") is read; BM25's piece ranking
/// orders the rest.
/// </summary>
public sealed record ReadingPlan(string Text, IReadOnlyList<int> Pages, bool Whole, int Pieces)
{
    /// <summary>A piece is at most this share of the budget, so that several sections can share it.</summary>
    public const int PiecesPerBudget = 4;

    /// <summary>Between two pieces that are not adjacent in the document.</summary>
    public const string Omission = "[...]\n\n";

    /// <summary>Passages of the search that place their pieces first.</summary>
    public const int SearchedPassages = 32;

    public static ReadingPlan ForQuestion(IDocumentModel model, Document document, string question, int budget, Lazy<PassageSearch>? search = null)
    {
        if (budget < 16) throw new ArgumentException($"the model's context ({model.ContextSize} tokens) leaves no room for the document");
        var whole = DocumentRenderer.Render(document);
        var allPages = Enumerable.Range(1, document.PageCount).ToArray();
        if (model.CountTokens(whole) <= budget) return new ReadingPlan(whole, allPages, true, 1);

        var chunks = new Chunker(new ModelTokenCounter(model), new ChunkOptions(Math.Max(16, budget / PiecesPerBudget), 0)).Split(document);
        var pieces = chunks.Select(c => (Chunk: c, Text: Render(c))).ToList();
        var order = Rank(pieces.Select(p => (p.Chunk.Text, string.Join(" ", p.Chunk.Section))).ToList(), question);
        if (search is not null) order = [.. BySearch(search.Value, chunks, question).Concat(order).Distinct()];
        var chosen = new List<int>();
        int used = 0;
        foreach (var i in order)
        {
            int tokens = model.CountTokens(pieces[i].Text + Omission);
            if (used + tokens > budget) continue;
            chosen.Add(i);
            used += tokens;
        }
        chosen.Sort();
        var text = string.Join(Omission, chosen.Select(i => pieces[i].Text));
        var pages = chosen.SelectMany(i => Enumerable.Range(pieces[i].Chunk.FirstPage, pieces[i].Chunk.LastPage - pieces[i].Chunk.FirstPage + 1))
                          .Distinct().Order().ToArray();
        return new ReadingPlan(text, pages, false, chosen.Count);
    }

    // BM25 hits first (FTS5's ranking), then every other piece in document order.
    static List<int> Rank(IReadOnlyList<(string Text, string Context)> pieces, string question)
    {
        using var index = SearchIndex.Build(pieces);
        var hits = index.Rank(QueryTerms.Extract(question), pieces.Count).Select(h => h.Id).ToList();
        return hits.Concat(Enumerable.Range(0, pieces.Count).Except(hits)).ToList();
    }

    // The pieces that hold the search's best passages, in the order of those passages.
    static IEnumerable<int> BySearch(PassageSearch search, IReadOnlyList<Chunk> chunks, string question)
    {
        foreach (var hit in search.Search(question, SearchedPassages).Hits)
        {
            int i = FindChunk(chunks, hit.Passage.Start);
            if (i >= 0) yield return i;
        }
    }

    // The chunk whose [Start, End) holds the offset (chunks are in document order and do not overlap), else -1.
    static int FindChunk(IReadOnlyList<Chunk> chunks, int offset)
    {
        int lo = 0, hi = chunks.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (offset < chunks[mid].Start) hi = mid - 1;
            else if (offset >= chunks[mid].End) lo = mid + 1;
            else return mid;
        }
        return -1;
    }

    static string Render(Chunk chunk) =>
        DocumentRenderer.PageMarker(chunk.FirstPage) + "\n" +
        (chunk.Section.Count > 0 ? "## " + string.Join(" > ", chunk.Section) + "\n" : "") + chunk.Text + "\n\n";
}
