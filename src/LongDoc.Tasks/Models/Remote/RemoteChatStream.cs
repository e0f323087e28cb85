using System.ClientModel.Primitives;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LongDoc.Tasks.Models.Remote;

/// <summary>
/// One streamed chat call through the IChatClient, with LongDoc's own fault policy (the SDK's retries are off):
/// a first-token and a between-chunks timeout; 429/502/503/504 and broken connections retried before any text has
/// come, up to <see cref="RemoteModelOptions.MaxRetries"/> times, waiting the engine's Retry-After (bounded by
/// <see cref="RemoteModelOptions.MaxRetryAfter"/>) or an exponential delay, both with jitter; an error chunk, a
/// malformed chunk or a stream that ends without a finish reason is a <see cref="RemoteModelException"/>.
/// Text already streamed is never asked again: a failure after it fails the call.
/// </summary>
sealed class RemoteChatStream(IChatClient client, RemoteHttp http, IList<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions options,
    CancellationToken cancellationToken) : IAsyncDisposable
{
    readonly RemoteModelOptions o = http.Options;
    IAsyncEnumerator<ChatResponseUpdate>? updates;
    CancellationTokenSource? timeout;
    bool textSeen, finished;
    int attempt;

    public ChatResponseUpdate Current => updates!.Current;

    /// <summary>The next update; false at a proper end (a finish reason was seen).</summary>
    public async Task<bool> NextAsync()
    {
        while (true)
        {
            if (updates is null) Start();
            bool first = !textSeen;
            try
            {
                if (!await updates!.MoveNextAsync().AsTask().WaitAsync(timeout!.Token).ConfigureAwait(false))
                    return finished ? false : throw http.Fail("the stream ended before the answer finished (cut mid-answer)");
                if (ErrorChunk(updates.Current) is { } error) throw http.Fail($"error in the stream: {error}");
                if (updates.Current.Text.Length > 0) textSeen = true;
                // Before the first text the engine may still be prefilling (LongDoc sends the role chunk first).
                if (textSeen) timeout.CancelAfter(o.TokenTimeout);
                if (updates.Current.FinishReason is not null) finished = true;
                return true;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                await StopAsync().ConfigureAwait(false);
                throw http.Fail(first ? $"no answer within {Seconds(o.FirstTokenTimeout)} (timeout before the first token)"
                    : $"no token for {Seconds(o.TokenTimeout)} (timeout between tokens)", e);
            }
            catch (Exception e) when (e is not RemoteModelException && e is not OperationCanceledException)
            {
                var (cause, transient, retryAfter) = RemoteFaults.Chat(e);
                await StopAsync().ConfigureAwait(false);
                if (!transient || textSeen) throw http.Fail(cause, e);
                if (attempt >= o.MaxRetries) throw http.Fail($"{cause} (after {attempt} retries)", e);
                if (retryAfter > o.MaxRetryAfter)
                    throw http.Fail($"{cause} (Retry-After {Seconds(retryAfter.Value)} is longer than the {Seconds(o.MaxRetryAfter)} waited at most)", e);
                await Task.Delay(Delay(retryAfter), cancellationToken).ConfigureAwait(false);
                attempt++;
            }
        }
    }

    void Start()
    {
        timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(o.FirstTokenTimeout);
        updates = client.GetStreamingResponseAsync(messages, options, timeout.Token).GetAsyncEnumerator(timeout.Token);
    }

    // Retry-After honoured (bounded), else 1, 2, 4, ... times RetryDelay; plus up to a quarter more, at random.
    TimeSpan Delay(TimeSpan? retryAfter)
    {
        var wait = retryAfter ?? o.RetryDelay * (1 << attempt);
        return wait + wait * (Random.Shared.NextDouble() / 4);
    }

    static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.###} s";

    // An OpenAI-shaped {"error": ...} sent as a data chunk (vLLM and llama-server do so for failures mid-stream):
    // the SDK reads it as an empty update; its unknown properties survive and are written back.
    static string? ErrorChunk(ChatResponseUpdate update)
    {
        if (update.Contents.Count > 0 || update.RawRepresentation is not IPersistableModel<object> raw) return null;
        var json = ModelReaderWriter.Write(raw, new ModelReaderWriterOptions("J")).ToString();
        return json.Contains("\"error\"", StringComparison.Ordinal) ? RemoteFaults.ErrorMessage(json) : null;
    }

    async Task StopAsync()
    {
        var old = updates;
        updates = null;
        if (old is not null)
        {
            try { await old.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); }
            catch (Exception e) when (e is not OutOfMemoryException) { /* the broken stream's own failure is already reported */ }
        }
        timeout?.Dispose();
        timeout = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
