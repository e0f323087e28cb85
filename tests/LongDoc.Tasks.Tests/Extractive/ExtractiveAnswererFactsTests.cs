using LongDoc.Embeddings;
using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Search;
using Xunit.Abstractions;

namespace LongDoc.Tasks.Tests.Extractive;

/// <summary>The extractive mode on the 52 facts of samples/facts.json: the answer quoted, on the right page.</summary>
public sealed class ExtractiveAnswererFactsTests(ITestOutputHelper output)
{
    /// <summary>
    /// Measured 2026-11-29: 46 of 52 facts are quoted on their page among the (at most 3) cited passages, 40 first
    /// (42 and 38 before passages borrowed relevance from their neighbours and section, <see cref="SectionSmoothing"/>).
    /// The 6 others share no word with their answer's sentence or its section beyond the document's subject ("When
    /// was Vellmark Station founded?" - "The first hut was raised on 14 February 1987"; "How fast is the internet
    /// connection?" - "The satellite link provides 40 megabits per second"): out of reach of word matching, for a model.
    /// </summary>
    public const int Floor = 46;

    /// <summary>The embedding model, loaded once for every test here (about a second).</summary>
    internal static readonly Lazy<ArcticEmbedder> Embedder = new(() => new ArcticEmbedder());

    [Fact]
    public void Facts_AskedLexically_AnswerQuotedOnItsPage() => AssertFacts(semantic: false, Floor);

    /// <summary>BM25 fused with arctic-embed-xs finds every fact (measured 2026-11-29: 52 of 52, 43 first).</summary>
    [Fact]
    public void Facts_AskedHybrid_EveryAnswerQuotedOnItsPage() => AssertFacts(semantic: true, 52);

    void AssertFacts(bool semantic, int floor)
    {
        var facts = Samples.Facts();
        var misses = new List<string>();
        int first = 0;
        foreach (var group in facts.GroupBy(f => f.File))
        {
            using var search = new PassageSearch(Samples.Read(group.Key), semantic ? new SemanticSearch(Embedder.Value) : null);
            var answerer = new ExtractiveAnswerer(search);
            foreach (var fact in group)
            {
                var answer = answerer.Ask(fact.Question);
                int page = fact.Page ?? 1;
                int rank = answer.Citations.ToList().FindIndex(c => c.Quote.Contains(fact.Answer, StringComparison.Ordinal) && c.Page == page);
                if (rank == 0) first++;
                if (rank < 0) misses.Add($"{fact.Id}: {fact.Question} -> {answer.Text.Replace('\n', ' ')}");
                else Assert.True(answer.Citations[rank].Verified, $"{fact.Id}: citation on p. {page} not verified");
            }
        }
        int hits = facts.Count - misses.Count;
        output.WriteLine($"hit rate: {hits}/{facts.Count} cited on the right page, {first}/{facts.Count} as the first citation");
        foreach (var miss in misses) output.WriteLine("miss: " + miss);
        Assert.True(hits >= floor, $"{hits}/{facts.Count} facts cited on their page, floor {floor}:\n{string.Join("\n", misses)}");
    }

    /// <summary>Questions in other words than the samples' table, none of them used to tune the search.</summary>
    [Theory]
    [InlineData(Samples.Report, "When did the station open?", "14 February 1987", 5)]
    [InlineData(Samples.Report, "How big was the cargo delivery?", "312 tonnes", 7)]
    [InlineData(Samples.Report, "What was the coldest temperature of the year?", "-38.6 degrees Celsius", 9)]
    [InlineData(Samples.Faq, "How old do visitors have to be?", "21 years", null)]
    [InlineData(Samples.Memo, "How heavy can my luggage be?", "25 kilograms", 1)]
    public void Ask_ParaphraseHybrid_AnswerQuotedFirst(string file, string question, string expected, int? page)
    {
        var answer = ExtractiveAnswerer.Ask(Samples.Read(file), question, new SemanticSearch(Embedder.Value));
        Assert.True(answer.Found);
        Assert.Contains(expected, answer.Citations[0].Quote, StringComparison.Ordinal);
        Assert.Equal(page ?? 1, answer.Citations[0].Page);
    }

    [Theory]
    [InlineData(Samples.Report, "Who won the station chess tournament?")]
    [InlineData(Samples.Report, "Who was the prime minister of Norway in 2025?")]
    [InlineData(Samples.Faq, "Are pets allowed at Vellmark Station?")]
    [InlineData(Samples.Faq, "How much does a ticket to the station cost?")]
    [InlineData(Samples.PressRelease, "What is the boiling point of mercury?")]
    public void Ask_UnrelatedQuestion_NotInTheDocument(string file, string question)
    {
        foreach (var semantic in new SemanticSearch?[] { null, new(Embedder.Value) })
        {
            var answer = ExtractiveAnswerer.Ask(Samples.Read(file), question, semantic);
            Assert.False(answer.Found, $"{(semantic is null ? "lexical" : "hybrid")}: {answer.Text}");
            Assert.Equal(LongDoc.Tasks.Answers.Answer.NotInDocument, answer.Text);
            Assert.Empty(answer.Citations);
        }
    }
}
