using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Search;
using Xunit.Abstractions;

namespace LongDoc.Tasks.Tests.Extractive;

/// <summary>The extractive mode on the 52 facts of samples/facts.json: the answer quoted, on the right page.</summary>
public sealed class ExtractiveAnswererFactsTests(ITestOutputHelper output)
{
    [Fact]
    public void Facts_AskedExtractively_AnswerQuotedOnItsPage()
    {
        var facts = Samples.Facts();
        var misses = new List<string>();
        int top1 = 0;
        foreach (var group in facts.GroupBy(f => f.File))
        {
            using var search = new PassageSearch(Samples.Read(group.Key));
            var answerer = new ExtractiveAnswerer(search);
            foreach (var fact in group)
            {
                var answer = answerer.Ask(fact.Question);
                int page = fact.Page ?? 1;
                int rank = answer.Citations.ToList().FindIndex(c => c.Quote.Contains(fact.Answer, StringComparison.Ordinal) && c.Page == page);
                var best = search.Search(fact.Question, 1);
                output.WriteLine($"{fact.Id}: rank {rank}, found {answer.Found}, coverage {(best.Count > 0 ? best[0].Coverage : 0):F2}, cited pages {string.Join(",", answer.Citations.Select(c => c.Page))}");
                if (rank == 0) top1++;
                if (rank < 0 || !answer.Citations[rank].Verified) misses.Add($"{fact.Id} ({fact.Question}) -> {answer.Text}");
            }
        }
        output.WriteLine($"hit rate: {facts.Count - misses.Count}/{facts.Count} cited (top-3), {top1}/{facts.Count} first");
        Assert.True(misses.Count == 0, string.Join("\n", misses));
    }
}
