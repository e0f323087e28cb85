using LongDoc.Tasks.Models;
using LongDoc.Tasks.Models.Remote;
using LongDoc.Tasks.Summaries;
using LongDoc.Testing.Engines;

namespace LongDoc.Tasks.Tests.Models.Remote;

/// <summary>Map-reduce sends up to the model's MaxConcurrent part summaries at once; the result keeps document order.</summary>
public class RemoteConcurrencyTests
{
    static readonly LongDoc.Documents.Document Long = Documents.FromPages([.. Enumerable.Range(1, 8).Select(p =>
        string.Join(" ", Enumerable.Repeat($"Page {p} tells of the station's work in season {p}.", 8)))]);

    /// <summary>An engine whose first chat answer may wait for a second request to arrive (at most 20 s), so overlap is seen, not timed.</summary>
    static FakeEngine Engine(bool waitForSecond)
    {
        var second = new TaskCompletionSource();
        int chats = 0;
        return new FakeEngine(async r =>
        {
            if (r.Path == "/v1/models") return EngineReply.Models(640, "m");
            if (r.Path != "/v1/chat/completions") return EngineReply.Error(404);
            int n = Interlocked.Increment(ref chats);
            if (n == 2) second.TrySetResult();
            if (n == 1 && waitForSecond) await second.Task.WaitAsync(TimeSpan.FromSeconds(20)).ContinueWith(_ => { });
            return EngineReply.Answer($"summary {n}");
        });
    }

    static async Task<(ModelSummary Summary, int MostInFlight)> Summarize(int concurrent)
    {
        using var engine = Engine(waitForSecond: concurrent > 1);
        using var model = await RemoteDocumentModel.OpenAsync(RemoteEndpoint.Parse(engine.Url), new RemoteModelOptions { MaxConcurrent = concurrent });
        var summary = await new ModelSummarizer(model, Long) { SummaryTokens = 16 }.SummarizeAsync(SummaryStyle.Outline);
        return (summary, engine.MostInFlight);
    }

    [Fact]
    public async Task Summarize_MaxConcurrent4_PartsOverlapInDocumentOrder()
    {
        var (summary, inFlight) = await Summarize(4);
        Assert.True(summary.MapReduce);
        Assert.True(summary.Parts >= 3, $"{summary.Parts} parts");
        Assert.InRange(inFlight, 2, 4);
        var parts = summary.Summary.Sections.Skip(1).ToList();
        Assert.Equal(parts.OrderBy(s => s.FirstPage).Select(s => s.FirstPage), parts.Select(s => s.FirstPage));
    }

    [Fact]
    public async Task Summarize_MaxConcurrent1_OneRequestAtATime()
    {
        var (summary, inFlight) = await Summarize(1);
        Assert.True(summary.MapReduce);
        Assert.Equal(1, inFlight);
    }
}
