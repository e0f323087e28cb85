using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Search;

namespace LongDoc.Tasks.Collections;

/// <summary>A passage of one document of a collection, with its rank across the collection's documents.</summary>
public sealed record CollectionHit(int Member, ScoredPassage Hit, double Score);

/// <summary>
/// Search over the passages of several documents, built once per collection and reused for every question (chat).
/// Each document is searched as one document is (<see cref="PassageSearch"/>: its BM25 and embedding rankings fused)
/// and offers the passages its extractive answer would quote (<see cref="ExtractiveAnswerer.Select"/>), with one
/// change: the question's words that every document uses are the collection's subject, left out of the question as
/// it is ranked by meaning as each document leaves out its own title ("Vellmark Station" across the samples: kept, it
/// draws the memo's heading "Vellmark Station, Skarn Island - Summer Season 2026" to the top for questions that only
/// name the station). Across documents, three things change:
/// <list type="bullet">
/// <item>which documents answer: one document's search weighs the words of its own title little (they are its
/// subject: see <see cref="PassageSearch.SubjectWeight"/>), but across a collection the subject is what tells the
/// documents apart. So each document also has a collection coverage: the share of the question's term weight that
/// the document uses anywhere (<see cref="PassageSearch.TermsUsed"/>), each term weighed by its IDF over the
/// collection's documents. A document answers when that coverage reaches <see cref="ExtractiveAnswerer.MinimumCoverage"/>,
/// or with an embedding model when one of its passages stands out by meaning (<see cref="ExtractiveAnswerer.MinimumPeak"/>);</item>
/// <item>how passages of different documents compare: one document's BM25 scores are not comparable with another's
/// (each has its own IDF and lengths), so the answering documents' passages are ranked by reciprocal rank fusion,
/// score = sum of 1 / (<see cref="PassageSearch.FusionK"/> + rank), of rankings that do compare: the passage's rank in
/// its own document, its document's collection coverage, its own (the IDF weight over the collection of the question terms that its
/// text, its context or its document's title holds, as a share of all: the title says what every passage of the
/// document is about), and with an embedding model its cosine
/// similarity to the question;</item>
/// <item>which of a document's passages comes first: its own search's order is kept (<c>InOwnOrder</c>), the fused
/// scores only decide how the documents' passages interleave (measured on samples/facts.json: the README's Collections section).</item>
/// </list>
/// </summary>
public sealed class CollectionSearch : IDisposable
{
    readonly PassageSearch[] searches;
    readonly ExtractiveAnswerer[] answerers;

    public IReadOnlyList<CollectionMember> Members { get; }

    /// <summary>Each member searched as one document is; hybrid when <paramref name="semantic"/> is given.</summary>
    public CollectionSearch(IReadOnlyList<CollectionMember> members, SemanticSearch? semantic = null, CancellationToken ct = default)
    {
        Members = members;
        searches = [.. members.Select(m => new PassageSearch(m.Document, semantic, ct))];
        answerers = [.. searches.Select(s => new ExtractiveAnswerer(s))];
    }

    /// <summary>The search over member <paramref name="member"/>'s passages.</summary>
    public PassageSearch Of(int member) => searches[member];

    /// <summary>The extractive answerer of member <paramref name="member"/> (its citations are checked against that document).</summary>
    public ExtractiveAnswerer AnswererOf(int member) => answerers[member];

    /// <summary>The passages that answer the question, from every document that does, best first.</summary>
    public IReadOnlyList<CollectionHit> Search(string question)
    {
        var weights = Weights(question);
        var coverage = Coverage(weights);
        var shared = Shared(weights);
        var found = new List<(int Member, int Rank, ScoredPassage Hit)>();
        for (int m = 0; m < answerers.Length; m++)
        {
            var chosen = answerers[m].Select(question, shared);
            if (coverage[m] < ExtractiveAnswerer.MinimumCoverage && !(chosen.SimilarityPeak >= ExtractiveAnswerer.MinimumPeak)) continue;
            for (int r = 0; r < chosen.Hits.Count; r++) found.Add((m, r, chosen.Hits[r]));
        }
        var byDocument = Ranks([.. found.Select(f => coverage[f.Member])]);
        var byCoverage = Ranks([.. found.Select(f => Coverage(weights, f.Member, f.Hit))]);
        var bySimilarity = Ranks([.. found.Select(f => double.IsNaN(f.Hit.Similarity) ? double.NegativeInfinity : f.Hit.Similarity)]);
        bool hybrid = searches.Any(s => s.IsHybrid);
        var fused = found.Select((f, i) => Fusion(f.Rank) + Fusion(byDocument[i]) + Fusion(byCoverage[i]) + (hybrid ? Fusion(bySimilarity[i]) : 0)).ToArray();
        var score = InOwnOrder([.. found.Select(f => f.Member)], fused);
        return [.. found.Select((f, i) => (Hit: new CollectionHit(f.Member, f.Hit, score[i]), f.Rank))
            .OrderByDescending(h => h.Hit.Score).ThenBy(h => h.Hit.Member).ThenBy(h => h.Rank).Select(h => h.Hit)];
    }

    // Each document's fused scores, best first, given to its passages in its own order (found lists them so): the
    // fusion decides how documents interleave, the document's own search which of its passages comes first.
    static double[] InOwnOrder(int[] members, double[] fused)
    {
        var score = new double[fused.Length];
        foreach (var passages in Enumerable.Range(0, fused.Length).GroupBy(i => members[i]))
            foreach (var (slot, value) in passages.Zip(passages.Select(i => fused[i]).OrderDescending()))
                score[slot] = value;
        return score;
    }

    /// <summary>
    /// Each member's collection coverage of the question: the IDF weight (over the collection's documents) of the
    /// question terms it uses, as a share of all the question's terms' (0..1; 0 for a question without terms).
    /// </summary>
    public double[] Coverage(string question) => Coverage(Weights(question));

    static double[] Coverage(Weighted weights)
    {
        double total = weights.Idf.Values.Sum();
        return [.. weights.Used.Select(u => total > 0 ? u.Sum(t => weights.Idf.GetValueOrDefault(t)) / total : 0)];
    }

    double Coverage(Weighted weights, int member, ScoredPassage hit)
    {
        double total = weights.Idf.Values.Sum();
        var words = QueryTerms.Extract($"{hit.Passage.Text} {hit.Passage.Context} {Members[member].Document.Title}").ToHashSet();
        return total > 0 ? weights.Idf.Where(w => words.Contains(w.Key)).Sum(w => w.Value) / total : 0;
    }

    // The question's terms each document uses, and each term's IDF over the collection's documents.
    sealed record Weighted(HashSet<string>[] Used, Dictionary<string, double> Idf);

    Weighted Weights(string question)
    {
        var used = searches.Select(s => s.TermsUsed(question).ToHashSet()).ToArray();
        return new(used, searches.SelectMany(s => QueryTerms.Extract(question, s.Language.Language)).Distinct()
            .ToDictionary(t => t, t => Idf(used.Count(u => u.Contains(t)))));
    }

    /// <summary>The question's terms every document of the collection uses (none for one document): the collection's subject.</summary>
    public IReadOnlySet<string> Shared(string question) => Shared(Weights(question));

    HashSet<string> Shared(Weighted weights) =>
        [.. weights.Idf.Keys.Where(t => searches.Length > 1 && weights.Used.All(u => u.Contains(t)))];

    double Idf(int df) => Math.Log(1 + (searches.Length - df + 0.5) / (df + 0.5));

    /// <summary>
    /// The members in the order a reader should take them for the question: those with passages that answer it, by
    /// their best passage, then the others in collection order.
    /// </summary>
    public IReadOnlyList<int> Rank(string question) =>
        [.. Search(question).Select(h => h.Member).Concat(Enumerable.Range(0, Members.Count)).Distinct()];

    /// <summary>Embeds the passages no question has needed yet, document by document (chat, while the user reads).</summary>
    public void EmbedRemaining(CancellationToken cancel = default)
    {
        foreach (var search in searches) search.EmbedRemaining(cancel);
    }

    static double Fusion(int rank) => 1.0 / (PassageSearch.FusionK + rank + 1);

    // Competition ranks, highest value first: equal values share a rank.
    static int[] Ranks(double[] values) => [.. values.Select(v => values.Count(o => o > v))];

    public void Dispose()
    {
        foreach (var search in searches) search.Dispose();
    }
}
