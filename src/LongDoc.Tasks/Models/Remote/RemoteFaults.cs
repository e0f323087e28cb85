using System.ClientModel;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace LongDoc.Tasks.Models.Remote;

/// <summary>
/// An engine's failures in words: HTTP statuses, socket errors and broken streams, each as one short cause for
/// <see cref="RemoteModelException"/>, and which of them are worth a retry.
/// </summary>
public static class RemoteFaults
{
    static readonly Dictionary<int, string> Statuses = new()
    {
        [400] = "400 Bad Request",
        [401] = "401 Unauthorized: the API key was refused (Model:ApiKeyFile, --api-key-file)",
        [403] = "403 Forbidden: the API key may not use this model",
        [404] = "404 Not Found: no such model or route (GET /v1/models lists the served models)",
        [413] = "413 Payload Too Large",
        [429] = "429 Too Many Requests",
        [500] = "500 Internal Server Error",
        [502] = "502 Bad Gateway",
        [503] = "503 Service Unavailable",
        [504] = "504 Gateway Timeout",
    };

    /// <summary>Statuses that say "later": the engine is busy, starting, or behind a gateway that is.</summary>
    static readonly HashSet<int> TransientStatuses = [429, 502, 503, 504];

    static readonly Dictionary<SocketError, string> Sockets = new()
    {
        [SocketError.ConnectionRefused] = "connection refused (is the engine running and listening on that port?)",
        [SocketError.HostNotFound] = "host not found (DNS)",
        [SocketError.TryAgain] = "host not found (DNS, temporary failure)",
        [SocketError.NoData] = "host not found (DNS: no address)",
        [SocketError.HostUnreachable] = "host unreachable",
        [SocketError.NetworkUnreachable] = "network unreachable",
        [SocketError.TimedOut] = "connection timed out",
        [SocketError.ConnectionReset] = "connection reset by the engine",
    };

    static bool IsTransient(int status) => TransientStatuses.Contains(status);

    /// <summary>"503 Service Unavailable: loading model" - the status in words and the engine's own message, if any.</summary>
    public static string Status(int status, string? message)
    {
        var words = Statuses.TryGetValue(status, out var w) ? w : $"HTTP {status}";
        return string.IsNullOrWhiteSpace(message) ? words : $"{words}: {OneLine(message)}";
    }

    /// <summary>A network failure in words: the socket error where there is one, else the exception's first line.</summary>
    public static string Network(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is SocketException s && Sockets.TryGetValue(s.SocketErrorCode, out var words)) return words;
        for (var x = e; x is not null; x = x.InnerException)
            if (x is HttpIOException or IOException && x.InnerException is null) return $"the connection broke ({OneLine(x.Message)})";
        return OneLine(e.Message);
    }

    /// <summary>The cause of a failed chat call, and whether a retry may help.</summary>
    public static (string Cause, bool Transient, TimeSpan? RetryAfter) Chat(Exception e) => e switch
    {
        ClientResultException { Status: > 0 } c => (Status(c.Status, ErrorMessage(c.GetRawResponse()?.Content?.ToString()) ?? FirstLine(c.Message)),
            IsTransient(c.Status), RetryAfter(c.GetRawResponse()?.Headers)),
        JsonException j => ($"malformed streamed chunk ({OneLine(j.Message)})", false, null),
        _ => (Network(e), true, null),
    };

    /// <summary>The "error" message of an OpenAI-shaped error body ({"error": {"message": ...}} or {"error": "..."}), or null.</summary>
    public static string? ErrorMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("error", out var error)) return null;
            return error.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => error.GetString(),
                JsonValueKind.Object when error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String => m.GetString(),
                _ => error.GetRawText(),
            };
        }
        catch (JsonException) { return null; }
    }

    /// <summary>Retry-After as seconds or an HTTP date.</summary>
    static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? Max0(date - DateTimeOffset.UtcNow) : null);

    static TimeSpan? RetryAfter(System.ClientModel.Primitives.PipelineResponseHeaders? headers) =>
        headers is not null && headers.TryGetValue("Retry-After", out var value) && RetryConditionHeaderValue.TryParse(value, out var parsed)
            ? RetryAfter(parsed) : null;

    static TimeSpan Max0(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    static string FirstLine(string text) => OneLine(text.Split('\n')[0]);

    static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length <= 300 ? line : line[..300] + "...";
    }
}
