using System.Text.Json;
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

    public async Task SendAsync(string? name, object data, CancellationToken ct) => await RawAsync(name, JsonSerializer.Serialize(data, Json), ct);

    public async Task RawAsync(string? name, string data, CancellationToken ct)
    {
        var text = (name is null ? "" : $"event: {name}\n") + $"data: {data}\n\n";
        await response.WriteAsync(text, ct);
        await response.Body.FlushAsync(ct);
    }
}
