using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LongDoc.Testing.Engines;

/// <summary>A request as the engine saw it: method, path, lower-cased headers and the body, byte for byte as UTF-8.</summary>
public sealed record EngineRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>Bytes sent after a pause: pieces of a streamed answer, or a stall (a long pause) between tokens.</summary>
public sealed record EnginePart(string Text, TimeSpan Pause = default);

/// <summary>
/// What the engine answers: a status, headers, and a body sent in parts (chunked, as engines stream); with
/// <see cref="Cut"/> the connection is closed before the body's end. <see cref="Stall"/> waits before the headers.
/// </summary>
public sealed record EngineReply(int Status, string ContentType, IReadOnlyList<EnginePart> Parts)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public bool Cut { get; init; }
    public TimeSpan Stall { get; init; }

    public static EngineReply Json(string json, int status = 200) => new(status, "application/json", [new EnginePart(json)]);

    /// <summary>Server-sent events: each item a "data: ..." event; "[DONE]" is not added.</summary>
    public static EngineReply Sse(params string[] data) => Events(data.Select(d => new EnginePart($"data: {d}\n\n")).ToArray());

    public static EngineReply Events(params EnginePart[] parts) => new(200, "text/event-stream", parts);

    /// <summary>An OpenAI chat chunk with <paramref name="content"/> (and a finish reason when given).</summary>
    public static string Chunk(string content, string? finish = null) =>
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" +
        System.Text.Json.JsonSerializer.Serialize(content) + "},\"finish_reason\":" + (finish is null ? "null" : $"\"{finish}\"") + "}]}";

    /// <summary>An answer streamed as OpenAI does: a chunk per piece, a finish chunk, [DONE].</summary>
    public static EngineReply Answer(params string[] pieces) =>
        Sse([.. pieces.Select(p => Chunk(p)), Chunk("", "stop"), "[DONE]"]);

    /// <summary>GET /v1/models with these ids (and max_model_len when given).</summary>
    public static EngineReply Models(int? maxModelLen, params string[] ids) => Json(
        "{\"object\":\"list\",\"data\":[" + string.Join(",", ids.Select(id => $"{{\"id\":\"{id}\",\"object\":\"model\",\"owned_by\":\"test\"" +
            (maxModelLen is int n ? $",\"max_model_len\":{n}" : "") + "}")) + "]}");

    public static EngineReply Error(int status, string message = "") =>
        Json($"{{\"error\":{{\"message\":\"{message}\",\"type\":\"error\",\"code\":{status}}}}}", status);
}

/// <summary>
/// A small HTTP/1.1 server on loopback that answers as an engine is told to (<see cref="Route"/>), for tests of a
/// remote model's happy path and faults: raw sockets, so a reply can stall, be cut or be malformed at will. One
/// request per connection. It records every request and the most requests it had in flight at once.
/// </summary>
public sealed class FakeEngine : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource stop = new();
    readonly Func<EngineRequest, Task<EngineReply>> route;
    int active, mostActive;

    public readonly ConcurrentQueue<EngineRequest> Requests = new();

    public FakeEngine(Func<EngineRequest, EngineReply> route) : this(r => Task.FromResult(route(r))) { }

    public FakeEngine(Func<EngineRequest, Task<EngineReply>> route)
    {
        this.route = route;
        listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;
    public string Url => $"http://127.0.0.1:{Port}/v1";

    /// <summary>The most requests that were being answered at the same time.</summary>
    public int MostInFlight => Volatile.Read(ref mostActive);

    /// <summary>The bodies of the chat requests, in arrival order.</summary>
    public IReadOnlyList<EngineRequest> Chats => [.. Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal))];

    async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (Exception) { return; }
            _ = ServeAsync(client);
        }
    }

    async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var request = await ReadAsync(stream);
            Requests.Enqueue(request);
            int now = Interlocked.Increment(ref active);
            try
            {
                int seen;
                while (now > (seen = Volatile.Read(ref mostActive)) && Interlocked.CompareExchange(ref mostActive, now, seen) != seen) { }
                await WriteAsync(stream, await route(request));
            }
            finally { Interlocked.Decrement(ref active); }
        }
        catch (Exception) { /* the client went away (a timeout test): nothing to answer */ }
    }

    static async Task<EngineRequest> ReadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0) throw new IOException("closed before the headers' end");
            head.Add(one[0]);
        }
        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var parts = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        byte[] body = headers.TryGetValue("content-length", out var length) ? await ReadExactly(stream, int.Parse(length))
            : headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked") ? await ReadChunked(stream) : [];
        return new EngineRequest(parts[0], parts[1], headers, Encoding.UTF8.GetString(body));
    }

    static async Task<byte[]> ReadExactly(NetworkStream stream, int n)
    {
        var buffer = new byte[n];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    static async Task<byte[]> ReadChunked(NetworkStream stream)
    {
        var body = new List<byte>();
        while (true)
        {
            int size = Convert.ToInt32((await ReadLine(stream)).Split(';')[0], 16);
            if (size == 0) { await ReadLine(stream); return [.. body]; }
            body.AddRange(await ReadExactly(stream, size));
            await ReadLine(stream);
        }
    }

    static async Task<string> ReadLine(NetworkStream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1 && one[0] != '\n') if (one[0] != '\r') line.Append((char)one[0]);
        return line.ToString();
    }

    static async Task WriteAsync(NetworkStream stream, EngineReply reply)
    {
        if (reply.Stall > TimeSpan.Zero) await Task.Delay(reply.Stall);
        var head = new StringBuilder($"HTTP/1.1 {reply.Status} {(HttpStatusCode)reply.Status}\r\nContent-Type: {reply.ContentType}\r\n" +
                                     "Transfer-Encoding: chunked\r\nConnection: close\r\n");
        foreach (var (name, value) in reply.Headers) head.Append($"{name}: {value}\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
        await stream.FlushAsync();
        foreach (var part in reply.Parts)
        {
            if (part.Pause > TimeSpan.Zero) await Task.Delay(part.Pause);
            var bytes = Encoding.UTF8.GetBytes(part.Text);
            if (bytes.Length == 0) continue;
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"));
            await stream.WriteAsync(bytes);
            await stream.WriteAsync("\r\n"u8.ToArray());
            await stream.FlushAsync();
        }
        if (!reply.Cut) await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        await stream.FlushAsync();
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        stop.Dispose();
    }
}
