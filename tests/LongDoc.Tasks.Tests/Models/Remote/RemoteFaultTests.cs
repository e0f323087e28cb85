using System.Net;
using System.Net.Sockets;
using LongDoc.Tasks.Models.Remote;
using LongDoc.Testing.Engines;
using static LongDoc.Tasks.Tests.Models.Remote.RemoteDocumentModelTests;

namespace LongDoc.Tasks.Tests.Models.Remote;

/// <summary>
/// Every fault of an engine on loopback gives one line naming the endpoint and the cause, within the timeouts; busy
/// answers (429, 503) are retried a bounded number of times, honouring Retry-After; the API key is never shown.
/// </summary>
public class RemoteFaultTests
{
    const string Key = "sk-secret-4711";
    static readonly TimeSpan Stall = TimeSpan.FromSeconds(30);

    // Fault tests that are not about timeouts get limits a loaded CI machine never reaches: a 3 s first-token limit
    // once turned a 429 retry test into a timeout there (thread-pool starvation while the suites ran in parallel).
    static readonly RemoteModelOptions Patient = new()
    {
        ApiKey = Key, FirstTokenTimeout = TimeSpan.FromSeconds(60), TokenTimeout = TimeSpan.FromSeconds(60),
        RequestTimeout = TimeSpan.FromSeconds(60), RetryDelay = TimeSpan.FromMilliseconds(10), MaxRetries = 2, MaxRetryAfter = TimeSpan.FromSeconds(10),
    };

    // The timeout tests: their engine stalls 30 s, ten times the limit, so only the limit's own firing is measured.
    static readonly RemoteModelOptions Fast = Patient with
    {
        FirstTokenTimeout = TimeSpan.FromSeconds(3), TokenTimeout = TimeSpan.FromSeconds(3), RequestTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>The engine answers chat with <paramref name="replies"/> in turn (the last one repeats); the failure of one answer.</summary>
    static Task<(RemoteModelException Error, FakeEngine Engine)> Fails(params EngineReply[] replies) => Fails(Patient, replies);

    static async Task<(RemoteModelException Error, FakeEngine Engine)> Fails(RemoteModelOptions options, params EngineReply[] replies)
    {
        int n = 0;
        var engine = Engine(EngineReply.Models(4096, "m"), _ => replies[Math.Min(Interlocked.Increment(ref n) - 1, replies.Length - 1)]);
        using var model = await Open(engine, options: options);
        var e = await Assert.ThrowsAsync<RemoteModelException>(() => Answer(model));
        Assert.StartsWith($"model endpoint {engine.Url}: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        return (e, engine);
    }

    [Fact]
    public async Task Open_ConnectionRefused_SaysRefused()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        int port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var e = await Assert.ThrowsAsync<RemoteModelException>(() =>
            RemoteDocumentModel.OpenAsync(RemoteEndpoint.Parse($"http://127.0.0.1:{port}/v1"), Patient));
        Assert.Equal($"model endpoint http://127.0.0.1:{port}/v1: GET /v1/models: connection refused (is the engine running and listening on that port?)", e.Message);
    }

    [Fact]
    public async Task Open_DnsFailure_SaysHostNotFound()
    {
        var e = await Assert.ThrowsAsync<RemoteModelException>(() =>
            RemoteDocumentModel.OpenAsync(RemoteEndpoint.Parse("http://no-such-engine.invalid:8000/v1"), Patient));
        Assert.StartsWith("model endpoint http://no-such-engine.invalid:8000/v1: GET /v1/models: host not found (DNS", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_NoFirstToken_TimeoutBeforeFirstToken()
    {
        var (e, engine) = await Fails(Fast, EngineReply.Answer("late") with { Stall = Stall });
        using var _ = engine;
        Assert.EndsWith("no answer within 3 s (timeout before the first token)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_StallMidAnswer_TimeoutBetweenTokens()
    {
        var (e, engine) = await Fails(Fast, EngineReply.Events(new EnginePart($"data: {EngineReply.Chunk("The")}\n\n"),
            new EnginePart($"data: {EngineReply.Chunk(" end")}\n\n", Stall)));
        using var _ = engine;
        Assert.EndsWith("no token for 3 s (timeout between tokens)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_401_KeyRefusedAndNotEchoed()
    {
        var (e, engine) = await Fails(EngineReply.Error(401, $"invalid key {Key}"));
        using var _ = engine;
        Assert.Contains("401 Unauthorized: the API key was refused", e.Message, StringComparison.Ordinal);
        Assert.Contains("invalid key ***", e.Message, StringComparison.Ordinal);
        Assert.Single(engine.Chats);                                                   // never retried
    }

    [Fact]
    public async Task Chat_404Model_NotFoundNotRetried()
    {
        var (e, engine) = await Fails(EngineReply.Error(404, "The model `m` does not exist."));
        using var _ = engine;
        Assert.Contains("404 Not Found", e.Message, StringComparison.Ordinal);
        Assert.Contains("The model `m` does not exist.", e.Message, StringComparison.Ordinal);
        Assert.Single(engine.Chats);
    }

    [Fact]
    public async Task Chat_429WithRetryAfter_WaitsThenSucceeds()
    {
        int n = 0;
        using var engine = Engine(EngineReply.Models(4096, "m"), _ => Interlocked.Increment(ref n) == 1
            ? EngineReply.Error(429, "busy") with { Headers = new Dictionary<string, string> { ["Retry-After"] = "1" } }
            : EngineReply.Answer("ok"));
        using var model = await Open(engine, options: Patient);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("ok", (await Answer(model)).Text);
        Assert.Equal(2, engine.Chats.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"retried after {clock.Elapsed}, before the 1 s Retry-After");
    }

    [Fact]
    public async Task Chat_429WithoutRetryAfter_RetriedWithBackoffThenSucceeds()
    {
        int n = 0;
        using var engine = Engine(EngineReply.Models(4096, "m"), _ => Interlocked.Increment(ref n) <= 2 ? EngineReply.Error(429, "busy") : EngineReply.Answer("ok"));
        using var model = await Open(engine, options: Patient);
        Assert.Equal("ok", (await Answer(model)).Text);
        Assert.Equal(3, engine.Chats.Count);
    }

    [Fact]
    public async Task Chat_503Always_FailsAfterBoundedRetries()
    {
        var (e, engine) = await Fails(EngineReply.Error(503, "loading model"));
        using var _ = engine;
        Assert.EndsWith("503 Service Unavailable: loading model (after 2 retries)", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, engine.Chats.Count);
    }

    [Fact]
    public async Task Chat_503RetryAfterTooLong_FailsAtOnceNamingTheWait()
    {
        var (e, engine) = await Fails(EngineReply.Error(503, "maintenance") with { Headers = new Dictionary<string, string> { ["Retry-After"] = "3600" } });
        using var _ = engine;
        Assert.EndsWith("503 Service Unavailable: maintenance (Retry-After 3600 s is longer than the 10 s waited at most)", e.Message, StringComparison.Ordinal);
        Assert.Single(engine.Chats);
    }

    [Fact]
    public async Task Chat_StreamCutMidAnswer_FailsWithoutRetry()
    {
        var (e, engine) = await Fails(EngineReply.Sse(EngineReply.Chunk("The station")) with { Cut = true });
        using var _ = engine;
        Assert.Matches("cut mid-answer|connection broke", e.Message);
        Assert.Single(engine.Chats);                                                   // text came: asking again would repeat it
    }

    [Fact]
    public async Task Chat_MalformedSseChunk_SaysMalformed()
    {
        var (e, engine) = await Fails(EngineReply.Sse(EngineReply.Chunk("The"), "{\"choices\": [ {\"delta\": "));
        using var _ = engine;
        Assert.Contains("malformed streamed chunk", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_200WithErrorBody_EnginesMessage()
    {
        var (e, engine) = await Fails(EngineReply.Json("{\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"InternalServerError\"}}"));
        using var _ = engine;
        Assert.EndsWith("POST /v1/chat/completions: 200 with an error body: CUDA out of memory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ErrorChunkInStream_EnginesMessage()
    {
        var (e, engine) = await Fails(EngineReply.Sse(EngineReply.Chunk("The"), "{\"error\":{\"message\":\"request aborted\",\"code\":500}}"));
        using var _ = engine;
        Assert.EndsWith("error in the stream: request aborted", e.Message, StringComparison.Ordinal);
    }
}
