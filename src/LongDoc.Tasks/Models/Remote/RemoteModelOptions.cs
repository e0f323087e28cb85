namespace LongDoc.Tasks.Models.Remote;

/// <summary>How a <see cref="RemoteDocumentModel"/> talks to its engine. Defaults suit a GPU engine on the local network.</summary>
public sealed record RemoteModelOptions
{
    /// <summary>Bearer key (vLLM --api-key, a gateway's key); null: none sent. Never logged or shown in errors.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Context tokens; 0: what the engine says (vLLM's max_model_len, llama-server's n_ctx), else an error asking for one.</summary>
    public int ContextSize { get; init; }

    /// <summary>A local tokenizer (tokenizer.json or a GGUF file) for token counts when the engine has no /tokenize route.</summary>
    public string? TokenizerPath { get; init; }

    /// <summary>Requests sent at once by map-reduce summaries (engines batch them).</summary>
    public int MaxConcurrent { get; init; } = 1;

    /// <summary>Longest wait for the first token (the engine prefills the whole prompt first).</summary>
    public TimeSpan FirstTokenTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest wait between two streamed chunks.</summary>
    public TimeSpan TokenTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest wait for /v1/models, /tokenize and /props.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a request refused with 429 or 503 (or 502/504), before any answer text.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First retry delay without Retry-After; doubles each retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A Retry-After longer than this is not waited for: the request fails at once, naming the wait.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);
}
