using LongDoc.Tasks.Collections;
using LongDoc.Tasks.Search;
using LongDoc.Tasks.Tests.Extractive;
using Xunit.Abstractions;

namespace LongDoc.Tasks.Tests.Collections;

/// <summary>
/// The 52 facts of samples/facts.json asked of the four samples as one collection, extractive: how often the answer
/// is quoted from the fact's document among the 5 passages, in the first passage, and how often the first passage
/// comes from the fact's document at all (the README's Collections section reports these numbers).
/// </summary>
public sealed class CollectionFactsTests(ITestOutputHelper output)
{
    sealed record Tally(int Quoted, int First, int DocumentFirst);

    [Fact]
    public void Facts_AskedHybrid_AnswerFirstForMost() => AssertFacts(semantic: true, new Tally(Quoted: 52, First: 41, DocumentFirst: 48));

    [Fact]
    public void Facts_AskedLexically_AnswerFirstForMost() => AssertFacts(semantic: false, new Tally(Quoted: 46, First: 39, DocumentFirst: 48));

    void AssertFacts(bool semantic, Tally floor)
    {
        using var search = new CollectionSearch(CollectionSamples.Members(), semantic ? new SemanticSearch(ExtractiveAnswererFactsTests.Embedder.Value) : null);
        var answerer = new CollectionAnswerer(search);
        var facts = Samples.Facts();
        int quoted = 0, first = 0, documentFirst = 0;
        foreach (var fact in facts)
        {
            var citations = answerer.Ask(fact.Question).Citations;
            bool Answers(int i) => citations[i].Document.Name == fact.File && citations[i].Citation.Quote.Contains(fact.Answer, StringComparison.Ordinal);
            bool any = Enumerable.Range(0, citations.Count).Any(Answers);
            quoted += any ? 1 : 0;
            first += citations.Count > 0 && Answers(0) ? 1 : 0;
            documentFirst += citations.Count > 0 && citations[0].Document.Name == fact.File ? 1 : 0;
            if (citations.Count == 0 || !Answers(0))
                output.WriteLine($"{(any ? "not first" : "missed")}: {fact.Id}: {fact.Question} -> " +
                                 (citations.Count > 0 ? $"{citations[0].Document.Name} p. {citations[0].Citation.Page}: {citations[0].Citation.Quote}" : "nothing"));
        }
        var tally = new Tally(quoted, first, documentFirst);
        output.WriteLine($"{(semantic ? "hybrid" : "BM25")}: quoted {quoted}/{facts.Count}, first {first}, right document first {documentFirst}");
        Assert.True(quoted >= floor.Quoted && first >= floor.First && documentFirst >= floor.DocumentFirst, $"{tally} below {floor}");
    }
}
