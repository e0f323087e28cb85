using System.Text.RegularExpressions;
using LongDoc.Documents;
using LongDoc.Tasks.Passages;

namespace LongDoc.Tasks.Search;

/// <summary>A passage found for a question: its score (higher is better) and its term coverage (0..1).</summary>
public sealed record ScoredPassage(Passage Passage, double Score, double Coverage);

/// <summary>
/// Search over one document's passages (sentences and table rows), built once per document and reused for every
/// question (chat). SQLite FTS5 tokenizes, stems and matches (see <see cref="SearchIndex"/>); the score is BM25
/// with term frequency 1 (a sentence rarely repeats a word), k1 = 1.2, b = 0.75, IDF = ln(1 + (N - df + 0.5) /
/// (df + 0.5)) over passages, with two changes for questions about one document:
/// <list type="bullet">
/// <item>words of the document's title are its subject: "Vellmark Station" in a question about the Vellmark
/// report says nothing about where the answer is, so they weigh <see cref="SubjectWeight"/>;</item>
/// <item>a word found only in a passage's context (its section path, its table's header) counts
/// <see cref="ContextWeight"/>, so "resupply" finds the sentences of section "2.3 Resupply and Shipping".</item>
/// </list>
/// A word matched only through its stem ("operates" in "operated") weighs <see cref="StemWeight"/>.
/// A passage holding the kind of answer the question wants (<see cref="AnswerTypes"/>) scores
/// <see cref="AnswerTypeBoost"/> times more, after it has borrowed a damped share of its neighbours' and its
/// section's scores (<see cref="SectionSmoothing"/>), so the answer beside a matching sentence is found too.
/// Coverage is the share of the question's term weight a passage, or the best passage of its section, contains
/// (context matches at <see cref="ContextWeight"/>); a question word the document never uses counts fully
/// against it, which is what makes "not in the document" decidable.
/// </summary>
public sealed class PassageSearch : IDisposable
{
    public const double K1 = 1.2, B = 0.75;
    public const double SubjectWeight = 0.2;
    public const double ContextWeight = 0.4;
    public const double StemWeight = 0.7;
    public const double AnswerTypeBoost = 1.5;

    readonly SearchIndex index;
    readonly int[] lengths;
    readonly double averageLength;
    readonly HashSet<string> subject;
    readonly SectionSmoothing smoothing;

    public Document Document { get; }
    public IReadOnlyList<Passage> Passages { get; }

    public PassageSearch(Document document)
    {
        Document = document;
        Passages = PassageSplitter.Split(document);
        index = SearchIndex.Build([.. Passages.Select(p => (p.Text, p.Context))]);
        lengths = [.. Passages.Select(p => Math.Max(1, QueryTerms.Words(p.Text)))];
        averageLength = lengths.Length > 0 ? lengths.Average() : 1;
        subject = [.. QueryTerms.Extract(document.Title)];
        smoothing = new SectionSmoothing(Passages);
    }

    /// <summary>The best passages for the question, best first; at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<ScoredPassage> Search(string question, int limit)
    {
        var terms = QueryTerms.Extract(question);
        if (terms.Count == 0 || Passages.Count == 0) return [];
        var exact = terms.Select(t => Matches(t, SearchIndex.TextColumn, stemmed: false)).ToList();
        var stem = terms.Select(t => Matches(t, SearchIndex.TextColumn, stemmed: true)).ToList();
        var context = terms.Select(t => Matches(t, SearchIndex.ContextColumn, stemmed: true)).ToList();
        var weight = terms.Select((t, i) => Idf(stem[i].Count) * (subject.Contains(t) ? SubjectWeight : 1)).ToList();
        double total = weight.Sum();
        var wanted = AnswerTypes.For(question);
        var candidates = new HashSet<int>(stem.SelectMany(x => x).Concat(context.SelectMany(x => x)));
        var lexical = new Dictionary<int, (double Score, double Coverage)>(candidates.Count);
        foreach (var id in candidates)
        {
            double matched = 0;
            for (int t = 0; t < terms.Count; t++)
                matched += weight[t] * (exact[t].Contains(id) ? 1 : stem[t].Contains(id) ? StemWeight : context[t].Contains(id) ? ContextWeight : 0);
            double norm = (K1 + 1) / (1 + K1 * (1 - B + B * lengths[id] / averageLength));
            lexical[id] = (matched * norm, total > 0 ? matched / total : 0);
        }
        var scored = new List<ScoredPassage>(lexical.Count);
        foreach (var (id, (score, coverage)) in smoothing.Apply(lexical))
            scored.Add(new ScoredPassage(Passages[id], score * (wanted != null && wanted.IsMatch(Passages[id].Text) ? AnswerTypeBoost : 1), coverage));
        return [.. scored.OrderByDescending(s => s.Score).ThenBy(s => s.Passage.Index).Take(limit)];
    }

    HashSet<int> Matches(string term, string column, bool stemmed)
    {
        var forms = QueryTerms.Forms(term);
        var ids = index.Matches(forms[0], column, stemmed);
        for (int f = 1; f < forms.Count; f++) ids.UnionWith(index.Matches(forms[f], column, stemmed));
        return ids;
    }

    double Idf(int df) => Math.Log(1 + (Passages.Count - df + 0.5) / (df + 0.5));

    public void Dispose() => index.Dispose();
}
