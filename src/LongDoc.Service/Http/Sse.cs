using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace LongDoc.Service.Http;

/// <summary>Server-sent events: "event: NAME" (optional) and "data: JSON", each flushed at once.</summary>
public sealed class Sse(HttpResponse response)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Start()
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    /// <summary>Starts the stream and sends each piece of text <paramref name="ask"/> produces as an "answer" event
    /// {"delta"} while it runs (on its own task, so a slow client never stalls the model); its result at the end.</summary>
    public async Task<T> StreamAnswerAsync<T>(Func<Action<string>, Task<T>> ask, CancellationToken ct)
    {
        Start();
        var pieces = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var asking = Task.Run(async () =>
        {
            try { return await ask(text => pieces.Writer.TryWrite(text)); }
            finally { pieces.Writer.TryComplete(); }
        }, ct);
        await foreach (var piece in pieces.Reader.ReadAllAsync(ct)) await SendAsync("answer", new { delta = piece }, ct);
        return await asking;
    }

    public async Task SendAsync(string? name, object data, CancellationToken ct) => await RawAsync(name, JsonSerializer.Serialize(data, Json), ct);

    public async Task RawAsync(string? name, string data, CancellationToken ct)
    {
        var text = (name is null ? "" : $"event: {name}\n") + $"data: {data}\n\n";
        await response.WriteAsync(text, ct);
        await response.Body.FlushAsync(ct);
    }
}
