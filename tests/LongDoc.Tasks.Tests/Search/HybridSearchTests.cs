using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Search;

namespace LongDoc.Tasks.Tests.Search;

/// <summary>BM25 fused with an embedding model's ranking: answers that share no word with the question, and what stays lexical.</summary>
public sealed class HybridSearchTests
{
    static readonly string[] Pages =
    [
        "The first hut was raised on 14 February 1987. The station stands on a gravel beach.",
        "The satellite link provides 40 megabits per second. Video calls are booked in advance.",
        "The winter crew numbered 19 people. The cook baked bread every morning.",
        "The generator hall holds three diesel engines. Fuel is stored in the tank farm.",
    ];

    [Fact]
    public void Search_AnswerSharingNoWord_FoundByMeaningOnly()
    {
        var document = Documents.FromPages(Pages);
        const string question = "How fast is the internet?";
        Assert.False(ExtractiveAnswerer.Ask(document, question).Found);   // no word in common: lexical search finds nothing

        var answer = ExtractiveAnswerer.Ask(document, question, new SemanticSearch(new ConceptEmbedder()));
        Assert.True(answer.Found);
        Assert.Equal(2, answer.Citations[0].Page);
        Assert.StartsWith("The satellite link provides 40 megabits", answer.Citations[0].Quote, StringComparison.Ordinal);
        Assert.True(answer.Citations[0].Verified);
    }

    [Fact]
    public void Search_Hybrid_RanksAndPeakReported()
    {
        using var search = new PassageSearch(Documents.FromPages(Pages), new SemanticSearch(new ConceptEmbedder()));
        Assert.True(search.IsHybrid);
        var result = search.Search("When was the station founded?", 10);
        Assert.StartsWith("The first hut was raised", result.Hits[0].Passage.Text, StringComparison.Ordinal);
        Assert.Equal(0, result.Hits[0].SimilarityRank);
        Assert.True(result.SimilarityPeak > 0.5, $"peak {result.SimilarityPeak}");
        Assert.All(result.Hits, h => Assert.False(double.IsNaN(h.Similarity)));
    }

    [Fact]
    public void Search_Lexical_NoSimilarity()
    {
        using var search = new PassageSearch(Documents.FromPages(Pages));
        Assert.False(search.IsHybrid);
        var result = search.Search("How many people were in the winter crew?", 10);
        Assert.StartsWith("The winter crew numbered 19 people", result.Hits[0].Passage.Text, StringComparison.Ordinal);
        Assert.True(double.IsNaN(result.SimilarityPeak));
        Assert.All(result.Hits, h => Assert.Equal(-1, h.SimilarityRank));
    }

    [Fact]
    public void Ask_NeitherWordsNorMeaning_NotInTheDocument()
    {
        // "pets" is a concept no passage has: every passage is equally far, no peak.
        var answer = ExtractiveAnswerer.Ask(Documents.FromPages(Pages), "Are pets allowed?", new SemanticSearch(new ConceptEmbedder()));
        Assert.False(answer.Found);
        Assert.Empty(answer.Citations);
    }

    [Theory]
    [InlineData(new[] { 0.9, 0.5, 0.45, 0.44, 0.40, 0.1 }, 0.5)]     // top less the one PeakDepth (4) ranks below
    [InlineData(new[] { 0.9, 0.8 }, 0.1)]                            // fewer passages: the last
    [InlineData(new[] { 0.7 }, 0.0)]
    public void SimilarityPeak_Descending_TopLessDepthBelow(double[] similarities, double peak) =>
        Assert.Equal(peak, PassageSearch.SimilarityPeak(similarities), 9);

    [Fact]
    public void SimilarityPeak_NoPassages_NaN() => Assert.True(double.IsNaN(PassageSearch.SimilarityPeak([])));
}
