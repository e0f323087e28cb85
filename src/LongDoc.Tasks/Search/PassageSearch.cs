using System.Text.RegularExpressions;
using LongDoc.Documents;
using LongDoc.Tasks.Languages;
using LongDoc.Tasks.Passages;

namespace LongDoc.Tasks.Search;

/// <summary>
/// A passage found for a question: its score (higher is better), its term coverage (0..1), and with semantic search
/// its cosine similarity to the question and its rank by that similarity (0 = closest; NaN and -1 without semantic
/// search, or when the passage was not embedded for this question: <see cref="PassageSearch.CandidateBudget"/>).
/// </summary>
public sealed record ScoredPassage(Passage Passage, double Score, double Coverage, double Similarity = double.NaN, int SimilarityRank = -1);

/// <summary>
/// The best passages for a question, best first, and what says whether the document answers it at all: the term
/// coverage of the best BM25 passage, and with semantic search how far the closest passage stands out
/// (<see cref="PassageSearch.SimilarityPeak"/>; NaN without).
/// </summary>
public sealed record SearchResult(IReadOnlyList<ScoredPassage> Hits, double BestCoverage, double SimilarityPeak)
{
    public static readonly SearchResult Empty = new([], 0, double.NaN);
}

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
/// <para>
/// With an embedding model (<see cref="DenseIndex"/>) the search is hybrid: the BM25 ranking and the ranking by
/// cosine similarity (question without its subject, <see cref="SubjectPhrases"/>) are fused by reciprocal rank,
/// score = sum of 1 / (<see cref="FusionK"/> + rank), so an answer that shares no word with the question ("How fast
/// is the internet connection?" - "The satellite link provides 40 megabits per second") is found by meaning, and
/// one that matches words exactly keeps its place. Rank fusion needs no calibration between the two scores' scales.
/// The answer type weighs the fused score as it weighs BM25's (a date for "On what date was it announced?" finds
/// "Released 17 March 2026", which the embedding model ranks fourth).
/// </para>
/// <para>
/// The document's language (<see cref="LanguageDetection"/>) decides how it is cut into sentences, which words are
/// stop words and how words are stemmed (<see cref="SearchIndex"/>). The embedding model is English only, so for a
/// document in another language search is lexical even when semantic search is given, and <see cref="Note"/> says so.
/// </para>
/// <para>
/// A long document is not embedded whole before its first answer (3,000 passages take half a minute on two cores):
/// a question ranks by meaning BM25's best <see cref="CandidateBudget"/> passages (the document's first ones fill
/// the budget when fewer match) and every passage embedded for an earlier question; a document of at most
/// <see cref="CandidateBudget"/> passages is thus embedded whole at its first question. <see cref="EmbedRemaining"/>
/// embeds the rest (chat and the service, while the user reads); once every passage is embedded the vectors go to
/// the cache, and later questions, and later runs on the same document, rank all passages by meaning.
/// </para>
/// </summary>
public sealed class PassageSearch : IDisposable
{
    public const double K1 = 1.2, B = 0.75;
    public const double SubjectWeight = 0.2;
    public const double ContextWeight = 0.4;
    public const double StemWeight = 0.7;
    public const double AnswerTypeBoost = 1.5;

    /// <summary>Reciprocal rank fusion's constant (Cormack, Clarke and Buettcher 2009): 60 damps the top ranks' lead.</summary>
    public const int FusionK = 60;

    /// <summary>The similarity peak is the closest passage's similarity less that of the passage this many ranks below.</summary>
    public const int PeakDepth = 4;

    /// <summary>How many passages a question may have embedded before it is answered (about 3 s on two cores).</summary>
    public const int CandidateBudget = 600;

    /// <summary>How many passages <see cref="EmbedRemaining"/> embeds at a time, letting a question in between.</summary>
    public const int RemainingChunk = 64;

    readonly SearchIndex index;
    readonly int[] lengths;
    readonly double averageLength;
    readonly HashSet<string> subject;
    readonly SectionSmoothing smoothing;
    readonly DenseIndex? dense;
    readonly Action<int, int>? progress;
    readonly CancellationToken ct;

    public Document Document { get; }
    public IReadOnlyList<Passage> Passages { get; }

    /// <summary>True when an embedding model ranks passages beside BM25.</summary>
    public bool IsHybrid => dense is not null;

    /// <summary>The document's language, as detected.</summary>
    public Detected Language { get; }

    /// <summary>Why semantic search was asked for but not done (the document's language), or null.</summary>
    public string? Note { get; }

    /// <summary>Lexical search only.</summary>
    public PassageSearch(Document document) : this(document, null) { }

    /// <summary>
    /// Hybrid search when <paramref name="semantic"/> is given: the passages' vectors are loaded from its cache here,
    /// or embedded as questions need them (<see cref="CandidateBudget"/>); <paramref name="ct"/> cancels that embedding.
    /// </summary>
    public PassageSearch(Document document, SemanticSearch? semantic, CancellationToken ct = default)
    {
        Document = document;
        Language = LanguageDetection.Detect(document);
        Passages = PassageSplitter.Split(document, Language.Language);
        index = SearchIndex.Build([.. Passages.Select(p => (p.Text, p.Context))], Language.Language);
        lengths = [.. Passages.Select(p => Math.Max(1, QueryTerms.Words(p.Text)))];
        averageLength = lengths.Length > 0 ? lengths.Average() : 1;
        subject = [.. QueryTerms.Extract(document.Title, Language.Language)];
        smoothing = new SectionSmoothing(Passages);
        if (semantic is not null && !Language.Language.Embeddable)
            Note = EmbeddingNote(Language);
        else if (semantic is not null && Passages.Count > 0)
        {
            dense = DenseIndex.Open(Passages, semantic.Embedder, semantic.Cache);
            progress = semantic.Progress;
            this.ct = ct;
        }
    }

    /// <summary>What is said when semantic search is not done for a document in this language.</summary>
    public static string EmbeddingNote(Detected language) =>
        $"{language}: the embedding model serves English only, so the search is lexical (BM25 with {language.Language.Name} stop words and stems)";

    /// <summary>
    /// The best passages for the question, best first; at most <paramref name="limit"/>. The question is ranked by
    /// meaning without its subject: the title's words, and those in <paramref name="shared"/> (a collection's subject:
    /// the words every one of its documents uses, "Vellmark Station" across the samples).
    /// </summary>
    public SearchResult Search(string question, int limit, IReadOnlySet<string>? shared = null)
    {
        var terms = QueryTerms.Extract(question, Language.Language);
        if (terms.Count == 0 || Passages.Count == 0) return SearchResult.Empty;
        var wanted = AnswerTypes.For(question);
        var lexical = Lexical(terms, wanted);
        double bestCoverage = lexical.Count > 0 ? lexical[0].Coverage : 0;
        if (dense is null) return new SearchResult([.. lexical.Take(limit)], bestCoverage, double.NaN);
        dense.Embed(Candidates(lexical), progress, ct);
        IReadOnlySet<string> about = shared is null ? subject : subject.Union(shared).ToHashSet();
        return Fuse(lexical, dense.Similarities(SubjectPhrases.Remove(question, about)), wanted, limit, bestCoverage);
    }

    /// <summary>
    /// The terms of the question (<see cref="QueryTerms"/>) that some passage holds, in its text or context, stemmed as
    /// search matches them: which of the question's words the document uses at all (a collection compares documents by them).
    /// </summary>
    public IReadOnlyList<string> TermsUsed(string question) =>
        [.. QueryTerms.Extract(question, Language.Language).Where(t => Matches(t, SearchIndex.TextColumn, stemmed: true).Count > 0
                                                                    || Matches(t, SearchIndex.ContextColumn, stemmed: true).Count > 0)];

    /// <summary>True when every passage is ranked by meaning (hybrid search with all passages embedded).</summary>
    public bool IsFullyEmbedded => dense is { IsComplete: true };

    /// <summary>
    /// Embeds the passages no question has needed yet, <see cref="RemainingChunk"/> at a time, then saves them to
    /// the cache; nothing without semantic search. For chat and the service, on a background thread.
    /// </summary>
    public void EmbedRemaining(CancellationToken cancel = default)
    {
        if (dense is null) return;
        foreach (var chunk in Enumerable.Range(0, Passages.Count).Chunk(RemainingChunk))
            dense.Embed(chunk, ct: cancel);
    }

    // The passages a question ranks by meaning before any is embedded for it: BM25's best, then the document's
    // first; DenseIndex skips those already embedded, which the fusion ranks too.
    IEnumerable<int> Candidates(List<ScoredPassage> lexical) =>
        lexical.Select(s => s.Passage.Index).Concat(Enumerable.Range(0, Passages.Count)).Distinct().Take(CandidateBudget);

    /// <summary>
    /// How far the closest passage stands out from the next ones: its similarity less that of the passage
    /// <see cref="PeakDepth"/> ranks below. A question the document answers has one passage (or a few) much closer
    /// than the rest; one it does not answer has a flat top, every passage about as far.
    /// </summary>
    public static double SimilarityPeak(IReadOnlyList<double> descending) =>
        descending.Count == 0 ? double.NaN : descending[0] - descending[Math.Min(PeakDepth, descending.Count - 1)];

    SearchResult Fuse(List<ScoredPassage> lexical, double[] similarity, Regex? wanted, int limit, double bestCoverage)
    {
        var byMeaning = Enumerable.Range(0, Passages.Count).Where(i => !double.IsNaN(similarity[i]))
            .OrderByDescending(i => similarity[i]).ThenBy(i => i).ToArray();
        var fused = new double[Passages.Count];
        var coverage = new double[Passages.Count];
        var meaningRank = new int[Passages.Count];
        Array.Fill(meaningRank, -1);
        for (int r = 0; r < lexical.Count; r++)
        {
            fused[lexical[r].Passage.Index] += 1.0 / (FusionK + r + 1);
            coverage[lexical[r].Passage.Index] = lexical[r].Coverage;
        }
        for (int r = 0; r < byMeaning.Length; r++)
        {
            fused[byMeaning[r]] += 1.0 / (FusionK + r + 1);
            meaningRank[byMeaning[r]] = r;
        }
        if (wanted is not null)
            for (int i = 0; i < fused.Length; i++)
                if (wanted.IsMatch(Passages[i].Text)) fused[i] *= AnswerTypeBoost;
        var hits = Enumerable.Range(0, Passages.Count).OrderByDescending(i => fused[i]).ThenBy(i => i).Take(limit)
            .Select(i => new ScoredPassage(Passages[i], fused[i], coverage[i], similarity[i], meaningRank[i])).ToList();
        return new SearchResult(hits, bestCoverage, SimilarityPeak([.. byMeaning.Select(i => similarity[i])]));
    }

    // BM25 with the subject, context, stem, smoothing and answer-type adjustments, best first.
    List<ScoredPassage> Lexical(IReadOnlyList<string> terms, Regex? wanted)
    {
        var exact = terms.Select(t => Matches(t, SearchIndex.TextColumn, stemmed: false)).ToList();
        var stem = terms.Select(t => Matches(t, SearchIndex.TextColumn, stemmed: true)).ToList();
        var context = terms.Select(t => Matches(t, SearchIndex.ContextColumn, stemmed: true)).ToList();
        var weight = terms.Select((t, i) => Idf(stem[i].Count) * (subject.Contains(t) ? SubjectWeight : 1)).ToList();
        double total = weight.Sum();
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
        return [.. scored.OrderByDescending(s => s.Score).ThenBy(s => s.Passage.Index)];
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

/// <summary>
/// What hybrid search needs: the embedding model, where passage vectors are kept between runs (null: nowhere), and
/// a callback for (passages embedded, passages) while a document is embedded.
/// </summary>
public sealed record SemanticSearch(IPassageEmbedder Embedder, EmbeddingCache? Cache = null, Action<int, int>? Progress = null);
