namespace LongDoc.Tasks.Search;

/// <summary>
/// Lets a passage borrow relevance from where it stands: its neighbours in the same section and the section's best
/// passage. An answer often shares no word with the question while the sentence before it does ("Botanists ...
/// described a lichen ..." - "The first specimens were collected by Dr. Paulina Reyes"), or the section as a whole
/// matches (the sentences under "Field Notes: The Western Traverse" answer "How far did the Western Traverse
/// travel?"). Borrowed relevance is damped, so a passage that matches on its own still ranks first; among the
/// borrowers, the answer type (<see cref="AnswerTypes"/>) decides.
/// Coverage is borrowed undamped: the window covers what its best member covers, and never more than the best
/// passage of the document, so "not in the document" is decided exactly as without smoothing.
/// </summary>
public sealed class SectionSmoothing
{
    /// <summary>Share of the better adjacent passage's score (same section) a passage borrows.</summary>
    public const double NeighbourWeight = 0.5;

    /// <summary>Share of the section's best passage score every passage of the section borrows.</summary>
    public const double SectionWeight = 0.3;

    readonly int[] sectionOf;          // [passage] -> section number
    readonly int[][] members;          // [section] -> passage ids in document order

    public SectionSmoothing(IReadOnlyList<Passages.Passage> passages)
    {
        var numbers = new Dictionary<string, int>();
        sectionOf = new int[passages.Count];
        var lists = new List<List<int>>();
        for (int i = 0; i < passages.Count; i++)
        {
            var key = passages[i].SectionLine;
            if (!numbers.TryGetValue(key, out int s)) { s = numbers.Count; numbers[key] = s; lists.Add([]); }
            sectionOf[i] = s;
            lists[s].Add(i);
        }
        members = [.. lists.Select(l => l.ToArray())];
    }

    /// <summary>
    /// Smoothed (score, coverage) for every passage of every section that holds a lexical match.
    /// <paramref name="lexical"/>: passage id -> (score, coverage) of the passages that matched on their own.
    /// </summary>
    public Dictionary<int, (double Score, double Coverage)> Apply(IReadOnlyDictionary<int, (double Score, double Coverage)> lexical)
    {
        var result = new Dictionary<int, (double, double)>();
        foreach (int s in lexical.Keys.Select(id => sectionOf[id]).Distinct())
        {
            double best = 0, bestCoverage = 0;
            foreach (int id in members[s])
                if (lexical.TryGetValue(id, out var l)) { best = Math.Max(best, l.Score); bestCoverage = Math.Max(bestCoverage, l.Coverage); }
            var ids = members[s];
            for (int k = 0; k < ids.Length; k++)
            {
                var own = lexical.GetValueOrDefault(ids[k]);
                var before = k > 0 ? lexical.GetValueOrDefault(ids[k - 1]) : default;
                var after = k + 1 < ids.Length ? lexical.GetValueOrDefault(ids[k + 1]) : default;
                double score = own.Score + NeighbourWeight * Math.Max(before.Score, after.Score) + SectionWeight * best;
                result[ids[k]] = (score, Math.Max(own.Coverage, bestCoverage));
            }
        }
        return result;
    }
}
