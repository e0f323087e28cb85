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
/// </summary>
public sealed record ReadingPlan(string Text, IReadOnlyList<int> Pages, bool Whole, int Pieces)
{
    /// <summary>A piece is at most this share of the budget, so that several sections can share it.</summary>
    public const int PiecesPerBudget = 4;

    /// <summary>Between two pieces that are not adjacent in the document.</summary>
    public const string Omission = "[...]\n\n";

    public static ReadingPlan ForQuestion(IDocumentModel model, Document document, string question, int budget)
    {
        if (budget < 16) throw new ArgumentException($"the model's context ({model.ContextSize} tokens) leaves no room for the document");
        var whole = DocumentRenderer.Render(document);
        var allPages = Enumerable.Range(1, document.PageCount).ToArray();
        if (model.CountTokens(whole) <= budget) return new ReadingPlan(whole, allPages, true, 1);

        var chunks = new Chunker(new ModelTokenCounter(model), new ChunkOptions(Math.Max(16, budget / PiecesPerBudget), 0)).Split(document);
        var pieces = chunks.Select(c => (Chunk: c, Text: Render(c))).ToList();
        var order = Rank(pieces.Select(p => (p.Chunk.Text, string.Join(" ", p.Chunk.Section))).ToList(), question);
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
    static IEnumerable<int> Rank(IReadOnlyList<(string Text, string Context)> pieces, string question)
    {
        using var index = SearchIndex.Build(pieces);
        var hits = index.Rank(QueryTerms.Extract(question), pieces.Count).Select(h => h.Id).ToList();
        return hits.Concat(Enumerable.Range(0, pieces.Count).Except(hits)).ToList();
    }

    static string Render(Chunk chunk) =>
        DocumentRenderer.PageMarker(chunk.FirstPage) + "\n" +
        (chunk.Section.Count > 0 ? "## " + string.Join(" > ", chunk.Section) + "\n" : "") + chunk.Text + "\n\n";
}
