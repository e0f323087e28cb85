using LongDoc.Documents;
using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Citations;
using LongDoc.Tasks.Search;

namespace LongDoc.Tasks.Extractive;

/// <summary>
/// Answers a question without a model: the best passages by BM25 (re-scored by term coverage), each quoted
/// verbatim with its page and section. The answer is <see cref="Answer.NotInDocument"/> when no passage covers
/// at least <see cref="MinimumCoverage"/> of the question's IDF weight.
/// </summary>
public sealed class ExtractiveAnswerer(PassageSearch search)
{
    /// <summary>
    /// Share of the question's IDF weight the best passage must contain. Measured on samples/facts.json: the passage
    /// holding the answer covers 0.35 or more for every fact, while off-topic questions about the same station
    /// (tests/LongDoc.Tasks.Tests/Extractive) reach at most ~0.25, sharing only "station" or a year.
    /// </summary>
    public const double MinimumCoverage = 0.3;

    /// <summary>At most this many passages are quoted.</summary>
    public const int MaxPassages = 3;

    /// <summary>A later passage is quoted only if its score is at least this share of the best one's.</summary>
    public const double RelativeScoreFloor = 0.5;

    readonly CitationVerifier verifier = new(search.Document);

    public Document Document => search.Document;

    /// <summary>Builds the search index for one question; use the constructor with a shared <see cref="PassageSearch"/> for many.</summary>
    public static Answer Ask(Document document, string question)
    {
        using var search = new PassageSearch(document);
        return new ExtractiveAnswerer(search).Ask(question);
    }

    public Answer Ask(string question)
    {
        var allPages = Enumerable.Range(1, Document.PageCount).ToArray();
        var hits = search.Search(question, MaxPassages * 4);
        if (hits.Count == 0 || hits[0].Coverage < MinimumCoverage)
            return new Answer(Answer.NotInDocument, TaskMode.Extractive, [], allPages, Found: false);
        double best = hits[0].Score * (0.5 + hits[0].Coverage);
        var chosen = hits.Where(h => h.Coverage >= MinimumCoverage && h.Score * (0.5 + h.Coverage) >= RelativeScoreFloor * best)
                         .Take(MaxPassages).ToList();
        var citations = chosen.Select(h => verifier.Verify(new Citation(h.Passage.Page, h.Passage.SectionLine, h.Passage.Text))).ToList();
        var text = string.Join("\n", citations.Select(c => $"{c.Quote} [p. {c.Page}]"));
        return new Answer(text, TaskMode.Extractive, citations, allPages, Found: true);
    }
}
