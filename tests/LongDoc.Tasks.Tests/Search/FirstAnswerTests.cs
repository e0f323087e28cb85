using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Search;

namespace LongDoc.Tasks.Tests.Search;

/// <summary>
/// A long document's first answer embeds only BM25's best candidates (<see cref="PassageSearch.CandidateBudget"/>);
/// the rest is embedded afterwards into the cache, and a later search ranks every passage by meaning.
/// </summary>
public sealed class FirstAnswerTests : IDisposable
{
    const int PageCount = 100, SentencesPerPage = 30;   // 3,000 passages
    const int FactPage = 87;
    const string Fact = "The satellite link provides 40 megabits per second.";

    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("longdoc-first-answer-");

    // Inventory sentences that share no word with the questions, one page holding the planted fact deep inside.
    static LongDoc.Documents.Document LongDocument() => Documents.FromPages([.. Enumerable.Range(1, PageCount).Select(p =>
        string.Join(" ", Enumerable.Range(0, SentencesPerPage).Select(s =>
            p == FactPage && s == SentencesPerPage / 2 ? Fact : $"Shelf {p * 100 + s} of the storeroom holds crate number {p * 1000 + s}.")))]);

    EmbeddingCache Cache() => new(dir.FullName);

    [Fact]
    public void Search_ColdLongDocument_EmbedsAtMostBudgetAndFindsDeepFact()
    {
        var embedder = new ConceptEmbedder();
        using var search = new PassageSearch(LongDocument(), new SemanticSearch(embedder, Cache()));
        Assert.True(search.Passages.Count >= 3000, $"{search.Passages.Count} passages");
        Assert.Equal(0, embedder.PassagesEmbedded);

        var answer = new ExtractiveAnswerer(search).Ask("How fast is the satellite link?");

        Assert.InRange(embedder.PassagesEmbedded, 1, PassageSearch.CandidateBudget);
        Assert.False(search.IsFullyEmbedded);
        Assert.True(answer.Found);
        Assert.Equal(FactPage, answer.Citations[0].Page);
        Assert.Equal(Fact, answer.Citations[0].Quote);
        Assert.Empty(Directory.GetFiles(dir.FullName));   // nothing saved until every passage is embedded
    }

    [Fact]
    public void Search_SecondQuestion_EmbedsOnlyNewCandidates()
    {
        var embedder = new ConceptEmbedder();
        using var search = new PassageSearch(LongDocument(), new SemanticSearch(embedder));
        search.Search("How fast is the satellite link?", 10);
        int first = embedder.PassagesEmbedded;
        search.Search("How fast is the satellite link?", 10);
        Assert.Equal(first, embedder.PassagesEmbedded);
    }

    [Fact]
    public void Search_WarmCache_RanksEveryPassageByMeaning()
    {
        // No word of "How fast is the internet?" is in the document: cold, only the first passages are ranked by meaning.
        const string question = "How fast is the internet?";
        using (var cold = new PassageSearch(LongDocument(), new SemanticSearch(new ConceptEmbedder(), Cache())))
        {
            Assert.DoesNotContain(cold.Search(question, 5).Hits, h => h.Passage.Text == Fact);
            cold.EmbedRemaining();
            Assert.True(cold.IsFullyEmbedded);
        }
        Assert.Single(Directory.GetFiles(dir.FullName, "*" + EmbeddingCache.Extension));

        var embedder = new ConceptEmbedder();
        using var warm = new PassageSearch(LongDocument(), new SemanticSearch(embedder, Cache()));
        var result = warm.Search(question, 5);

        Assert.Equal(0, embedder.PassagesEmbedded);
        Assert.Equal(Fact, result.Hits[0].Passage.Text);
        Assert.Equal(0, result.Hits[0].SimilarityRank);
        Assert.All(result.Hits, h => Assert.False(double.IsNaN(h.Similarity)));
    }

    public void Dispose() => dir.Delete(recursive: true);
}
