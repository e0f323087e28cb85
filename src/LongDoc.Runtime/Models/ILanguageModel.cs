namespace LongDoc.Runtime.Models;

/// <summary>
/// A loaded model with its KV cache: feed tokens, get logits. Positions advance with every token fed;
/// the cache can be rewound (<see cref="Truncate"/>) to reuse a shared prefix.
/// </summary>
public interface ILanguageModel : IDisposable
{
    ModelConfig Config { get; }
    /// <summary>Tokens the cache can hold (the run's context, at most Config.ContextLength unless overridden).</summary>
    int ContextSize { get; }
    /// <summary>Tokens already in the cache: the position the next token gets.</summary>
    int Position { get; }
    /// <summary>Runs <paramref name="tokens"/> (T) at positions Position.. and appends them to the cache.
    /// <paramref name="logits"/> is (V) for the last token, or (T, V) when it is T*V long.</summary>
    void Forward(ReadOnlySpan<int> tokens, Span<float> logits);
    /// <summary>Drops cached tokens from <paramref name="position"/> on.</summary>
    void Truncate(int position);
    /// <summary>The backend whose Argmax and Sample ops pick the next token from the logits (the one that computes
    /// them); null: the host samples.</summary>
    Backends.IBackend? SamplingBackend => null;
}
