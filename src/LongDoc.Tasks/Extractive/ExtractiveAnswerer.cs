using LongDoc.Documents;
using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Citations;
using LongDoc.Tasks.Search;

namespace LongDoc.Tasks.Extractive;

/// <summary>
/// Answers a question without a language model: the best passages by BM25, or by BM25 fused with an embedding
/// model's ranking (<see cref="PassageSearch"/>), each quoted verbatim with its page and section. The answer is
/// <see cref="Answer.NotInDocument"/> when the best BM25 passage covers less than <see cref="MinimumCoverage"/> of
/// the question's IDF weight and, with an embedding model, no passage stands out by meaning either
/// (<see cref="MinimumPeak"/>).
/// </summary>
public sealed class ExtractiveAnswerer(PassageSearch search)
{
    /// <summary>
    /// Share of the question's term weight the best passage must contain (see <see cref="PassageSearch"/>).
    /// Measured on samples/facts.json (2026-11-29): the best passage of every fact whose answer is found covers at
    /// least 0.15 (html-species), so 0.12 keeps them all. Questions unrelated to the document ("Who won the station
    /// chess tournament?", "Are pets allowed at Vellmark Station?") cover 0.00-0.08 and are answered "not in the
    /// document". Questions that share specific words with the document without being answered by it ("What was
    /// the population of Skarn Island?", 0.52) cannot be told apart lexically: they get the closest passages,
    /// labelled extractive, and the reader judges them.
    /// </summary>
    public const double MinimumCoverage = 0.12;

    /// <summary>
    /// How far the closest passage by meaning must stand out (<see cref="PassageSearch.SimilarityPeak"/>) for a
    /// question that shares too few words with the document to count as answered. Measured with arctic-embed-xs on
    /// the samples (2026-11-29): questions the samples do not answer peak at 0.011-0.038 ("Who won the station chess
    /// tournament?", "Are pets allowed at Vellmark Station?"); answered ones that BM25 cannot find at 0.057
    /// ("How fast is the internet connection?") and up.
    /// </summary>
    public const double MinimumPeak = 0.05;

    /// <summary>At most this many passages are quoted.</summary>
    public const int MaxPassages = 3;

    /// <summary>A later passage is quoted only if its score is at least this share of the best one's.</summary>
    public const double RelativeScoreFloor = 0.3;

    readonly CitationVerifier verifier = new(search.Document);

    public Document Document => search.Document;

    /// <summary>
    /// Builds the search index for one question (hybrid when <paramref name="semantic"/> is given); use the
    /// constructor with a shared <see cref="PassageSearch"/> for many.
    /// </summary>
    public static Answer Ask(Document document, string question, SemanticSearch? semantic = null)
    {
        using var search = new PassageSearch(document, semantic);
        return new ExtractiveAnswerer(search).Ask(question);
    }

    public Answer Ask(string question)
    {
        if (search.Passages.Count == 0) return Answer.WithoutText(TaskMode.Extractive);
        var allPages = Enumerable.Range(1, Document.PageCount).ToArray();
        var chosen = Select(question).Hits;
        if (chosen.Count == 0) return new Answer(Answer.NotInDocument, TaskMode.Extractive, [], allPages, Found: false);
        var citations = chosen.Select(Cite).ToList();
        var text = string.Join("\n", citations.Select(c => $"{c.Quote} [{c.Pages}]"));
        return new Answer(text, TaskMode.Extractive, citations, allPages, Found: true);
    }

    /// <summary>
    /// The passages the answer quotes, best first, at most <see cref="MaxPassages"/>, with the search's best coverage
    /// and similarity peak; no passages when the document does not answer the question (or has no text). A collection
    /// ranks each document's passages by this, then across documents, with the question's words that all its
    /// documents use as <paramref name="shared"/> (left out of the question ranked by meaning: <see cref="PassageSearch.Search"/>).
    /// </summary>
    public SearchResult Select(string question, IReadOnlySet<string>? shared = null)
    {
        if (search.Passages.Count == 0) return SearchResult.Empty;
        var result = search.Search(question, MaxPassages * 4, shared);
        var hits = result.Hits;
        bool byWords = result.BestCoverage >= MinimumCoverage;
        bool byMeaning = result.SimilarityPeak >= MinimumPeak;
        if (hits.Count == 0 || !(byWords || byMeaning)) return result with { Hits = [] };
        // Lexical search quotes only passages that hold enough of the question's words; hybrid search's fused rank
        // already weighs words and meaning together.
        return result with
        {
            Hits = [.. hits.Where(h => (search.IsHybrid || h.Coverage >= MinimumCoverage) && h.Score >= RelativeScoreFloor * hits[0].Score)
                           .Take(MaxPassages)],
        };
    }

    /// <summary>The passage as a citation of its page(s) and section, checked against the page text.</summary>
    public Citation Cite(ScoredPassage hit) =>
        verifier.Verify(new Citation(hit.Passage.Page, hit.Passage.SectionLine, hit.Passage.Text) { LastPage = hit.Passage.LastPage });
}
