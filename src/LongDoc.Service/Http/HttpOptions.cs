using System.ComponentModel.DataAnnotations;

namespace LongDoc.Service.Http;

/// <summary>The HTTP API (section "Http").</summary>
public sealed class HttpOptions
{
    /// <summary>Where Kestrel listens; loopback unless configured (a wider address, here or in Kestrel:Endpoints, needs a key file: <see cref="ListenRule"/>).</summary>
    [Required] public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// API keys, one `KEY [TENANT] [admin]` per line (<see cref="KeyFile"/>; a comment is a whole line starting with '#').
    /// Set: every route but /health needs "Authorization: Bearer KEY", and the key's tenant sees only its own documents.
    /// </summary>
    public string? KeyFile { get; set; }

    /// <summary>Largest upload; more is answered 413.</summary>
    [Range(1, 10_240)] public int MaxUploadMb { get; set; } = 100;

    /// <summary>Queued jobs of one tenant at which its uploads are answered 429 with Retry-After.</summary>
    [Range(1, 1_000_000)] public int MaxQueue { get; set; } = 1000;

    /// <summary>The Retry-After sent with a 429, in seconds.</summary>
    [Range(1, 3600)] public int RetryAfterSeconds { get; set; } = 30;
}
