using LongDoc.Tasks.Languages;
using LongDoc.Tasks.Passages;
using LongDoc.Tasks.Search;

namespace LongDoc.Tasks.Extractive;

/// <summary>
/// How informative each passage is: the root mean square of its content words' IDF over the document's passages,
/// IDF = ln(1 + N / df). Words that recur all through a document (its subject, its house style) score low; names,
/// figures and terms used in few places score high, which is what a reader skimming for facts wants. Passages the
/// caller marks unquotable (table rows, apparatus), fragments under <see cref="MinimumWords"/> words and run-ons
/// over <see cref="MaximumWords"/> get 0: they do not read well alone.
/// </summary>
public static class SentenceScorer
{
    public const int MinimumWords = 6;
    public const int MaximumWords = 60;

    public static double[] Score(IReadOnlyList<Passage> passages, Language language, Func<Passage, bool> unquotable)
    {
        var terms = passages.Select(p => QueryTerms.Extract(p.Text, language)).ToList();
        var df = new Dictionary<string, int>();
        foreach (var t in terms.SelectMany(x => x)) df[t] = df.GetValueOrDefault(t) + 1;
        var scores = new double[passages.Count];
        for (int i = 0; i < passages.Count; i++)
        {
            int words = QueryTerms.Words(passages[i].Text);
            if (unquotable(passages[i]) || words < MinimumWords || words > MaximumWords || terms[i].Count == 0) continue;
            double sum = 0;
            foreach (var t in terms[i]) { double idf = Math.Log(1 + (double)passages.Count / df[t]); sum += idf * idf; }
            scores[i] = Math.Sqrt(sum / terms[i].Count);
        }
        return scores;
    }

    /// <summary>Share of distinct content words two passages have in common (Jaccard): near-repeats are skipped.</summary>
    public static double Overlap(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        int common = a.Intersect(b).Count();
        return (double)common / (a.Count + b.Count - common);
    }
}
