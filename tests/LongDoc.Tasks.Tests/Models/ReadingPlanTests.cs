using LongDoc.Tasks.Models;
using LongDoc.Tasks.Search;
using LongDoc.Tasks.Tests.Search;

namespace LongDoc.Tasks.Tests.Models;

/// <summary>What of an over-long document a model reads: BM25's pieces, or first the pieces holding the hybrid search's best passages.</summary>
public sealed class ReadingPlanTests
{
    static readonly string[] Pages =
    [
        "The cook baked bread every morning in the galley before the first shift.",
        "Snow was cleared from the helicopter pad after each storm of the season.",
        "The library holds a small collection of novels left by earlier crews.",
        "Boots and gloves are dried overnight in the boot room beside the boiler.",
        "The generator hall holds three diesel engines and a spare alternator.",
        "The satellite link provides 40 megabits per second, shared by everyone.",
        "A film is shown in the mess hall on Saturday evenings through the year.",
        "The greenhouse grows lettuce and herbs under lamps in the dark months.",
    ];

    const string Question = "How fast is the internet?";
    const int Budget = 40;   // a few pieces of one sentence each (the recording model counts 4 characters a token)

    [Fact]
    public void ForQuestion_NoSharedWordLexical_ReadsFromTheStart()
    {
        var plan = ReadingPlan.ForQuestion(new RecordingModel(), Documents.FromPages(Pages), Question, Budget);
        Assert.False(plan.Whole);
        Assert.Equal(1, plan.Pages[0]);
        Assert.DoesNotContain(6, plan.Pages);
    }

    [Fact]
    public void ForQuestion_HybridSearch_ReadsThePieceFoundByMeaning()
    {
        var document = Documents.FromPages(Pages);
        using var search = new PassageSearch(document, new SemanticSearch(new ConceptEmbedder()));
        var plan = ReadingPlan.ForQuestion(new RecordingModel(), document, Question, Budget, new Lazy<PassageSearch>(() => search));
        Assert.False(plan.Whole);
        Assert.Contains(6, plan.Pages);
        Assert.Contains("40 megabits per second", plan.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ForQuestion_DocumentFits_SearchNeverMade()
    {
        var search = new Lazy<PassageSearch>(() => throw new InvalidOperationException("the whole document fits: no search needed"));
        var plan = ReadingPlan.ForQuestion(new RecordingModel(), Documents.FromPages(Pages), Question, 4000, search);
        Assert.True(plan.Whole);
        Assert.False(search.IsValueCreated);
    }
}
