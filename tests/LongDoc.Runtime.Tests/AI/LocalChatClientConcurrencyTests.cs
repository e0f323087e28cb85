using LongDoc.Runtime.AI;
using Microsoft.Extensions.AI;
using AiMessage = Microsoft.Extensions.AI.ChatMessage;

namespace LongDoc.Runtime.Tests.AI;

public sealed class LocalChatClientConcurrencyTests(TinyChatModel tiny) : IClassFixture<TinyChatModel>
{
    static AiMessage[] Ask(string text) => [new(ChatRole.User, text)];
    static readonly ChatOptions Greedy = new() { Temperature = 0, MaxOutputTokens = 6 };

    [Fact]
    public async Task GetResponseAsync_ParallelCallers_AllCompleteWithTheSerialAnswers()
    {
        string[] questions = ["alpha", "bravo charlie", "delta", "echo foxtrot golf"];
        using var client = tiny.Client();
        var serial = new List<string>();
        foreach (var q in questions) serial.Add((await client.GetResponseAsync(Ask(q), Greedy)).Text);

        var parallel = await Task.WhenAll(questions.Select(q => Task.Run(() => client.GetResponseAsync(Ask(q), Greedy))));

        Assert.Equal(serial, parallel.Select(r => r.Text));
    }

    [Fact]
    public async Task GetResponseAsync_CancelledWhileWaiting_ThrowsAndTheQueueMovesOn()
    {
        using var client = tiny.Client();
        var queue = GenerationQueue.For(client.Model.Model);
        await using var holder = client.GetStreamingResponseAsync(Ask("hold"), Greedy).GetAsyncEnumerator();
        Assert.True(await holder.MoveNextAsync()); // the holder now owns the model's turn

        using var cts = new CancellationTokenSource();
        var waiting = client.GetResponseAsync(Ask("wait"), Greedy, cts.Token);
        while (queue.Waiting == 0) await Task.Delay(5);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, queue.Waiting);
        while (await holder.MoveNextAsync()) { }
        var after = await client.GetResponseAsync(Ask("after"), Greedy);
        Assert.Equal(ChatFinishReason.Length, after.FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CancelledWhileGenerating_StopsAndReleasesTheModel()
    {
        using var client = tiny.Client();
        using var cts = new CancellationTokenSource();
        int seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Ask("long"), new ChatOptions { Temperature = 0, MaxOutputTokens = 100 }, cts.Token))
                if (++seen == 2) cts.Cancel();
        });

        Assert.Equal(2, seen);
        var next = await client.GetResponseAsync(Ask("next"), Greedy).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(6, next.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task EnterAsync_SeveralWaiters_ServedInArrivalOrder()
    {
        var queue = new GenerationQueue();
        var first = await queue.EnterAsync(CancellationToken.None);
        var order = new List<int>();
        var waiters = Enumerable.Range(1, 4).Select(async i =>
        {
            using var turn = await queue.EnterAsync(CancellationToken.None);
            lock (order) order.Add(i);
        }).ToList();
        Assert.Equal(4, queue.Waiting);

        first.Dispose();
        await Task.WhenAll(waiters);

        Assert.Equal([1, 2, 3, 4], order);
    }
}
