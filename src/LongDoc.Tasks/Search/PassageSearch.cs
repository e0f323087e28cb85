using LongDoc.Documents;
using LongDoc.Tasks.Passages;

namespace LongDoc.Tasks.Search;

/// <summary>A passage found for a question: its BM25 score (higher is better) and its term coverage (0..1).</summary>
public sealed record ScoredPassage(Passage Passage, double Score, double Coverage);

/// <summary>
/// BM25 search over one document's passages (sentences and table rows), built once per document and reused for
/// every question (chat). Besides BM25 each hit gets a coverage: the share of the question's IDF weight that
/// the passage's own text contains, IDF = ln(1 + (N - df + 0.5) / (df + 0.5)) over passages. A question word
/// the document never uses counts fully against coverage, which is what makes "not in the document" decidable:
/// a passage that only shares the common words ("station", "2025") with the question covers little of it.
/// </summary>
public sealed class PassageSearch : IDisposable
{
    /// <summary>How many BM25 hits are re-scored by coverage; the rest are too far down to matter.</summary>
    public const int Candidates = 40;

    readonly SearchIndex index;

    public Document Document { get; }
    public IReadOnlyList<Passage> Passages { get; }

    public PassageSearch(Document document)
    {
        Document = document;
        Passages = PassageSplitter.Split(document);
        index = SearchIndex.Build([.. Passages.Select(p => (p.Text, p.Context))]);
    }

    /// <summary>Hits ordered by BM25 x (0.5 + coverage), best first; at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<ScoredPassage> Search(string question, int limit)
    {
        var terms = QueryTerms.Extract(question);
        var hits = index.Rank(terms, Math.Max(limit, Candidates));
        if (hits.Count == 0) return [];
        var matches = terms.Select(index.TextMatches).ToList();
        var idf = matches.Select(m => Idf(m.Count)).ToList();
        double total = idf.Sum();
        var scored = hits.Select(h =>
        {
            double covered = 0;
            for (int t = 0; t < terms.Count; t++) if (matches[t].Contains(h.Id)) covered += idf[t];
            return new ScoredPassage(Passages[h.Id], h.Score, total > 0 ? covered / total : 0);
        });
        return [.. scored.OrderByDescending(s => s.Score * (0.5 + s.Coverage)).Take(limit)];
    }

    double Idf(int df) => Math.Log(1 + (Passages.Count - df + 0.5) / (df + 0.5));

    public void Dispose() => index.Dispose();
}
