using LongDoc.Runtime.Caching;
using Microsoft.Extensions.AI;
using AiMessage = Microsoft.Extensions.AI.ChatMessage;

namespace LongDoc.Runtime.AI;

/// <summary>
/// The document cache side of <see cref="LocalChatClient"/>: a conversation prefix (system prompt + document) is
/// prefilled once; with a content key it is saved to <see cref="LocalChatClient.DocumentCache"/> and restored by later
/// runs. Saving happens after the answer, from positions 0..prefix of the cache, which the answer never overwrites.
/// </summary>
public sealed partial class LocalChatClient
{
    /// <summary>Tokens of a prefilled prefix, whether they came from the disk cache, and whether they were saved to it.</summary>
    public sealed record PrefixResult(int Tokens, bool LoadedFromDisk)
    {
        public bool Saved { get; init; }
    }

    /// <summary>
    /// Puts <paramref name="prefix"/> (rendered without a generation prompt) in the model's cache: already there,
    /// restored from <see cref="DocumentCache"/> under <paramref name="contentKey"/>, or run and then saved. A later
    /// GetResponseAsync whose prompt starts with it runs only what follows. <paramref name="progress"/> gets the
    /// tokens of the prefix in the cache as the prefill advances (for "tokens prefilled of total" lines).
    /// </summary>
    public Task<PrefixResult> PrefillAsync(IEnumerable<AiMessage> prefix, string contentKey, CancellationToken cancellationToken = default,
        IProgress<int>? progress = null) =>
        PrefillAsync(Encode(prefix, addGenerationPrompt: false), contentKey, cancellationToken, progress);

    /// <summary>
    /// The same for a prefix given as prompt tokens, so it can end inside a turn (a user turn holding the document
    /// and then the question: the prefix ends where the document does). <paramref name="contentKey"/> null = memory
    /// only: the disk cache is neither read nor written.
    /// </summary>
    public async Task<PrefixResult> PrefillAsync(int[] tokens, string? contentKey, CancellationToken cancellationToken = default,
        IProgress<int>? progress = null)
    {
        if (tokens.Length == 0) throw new ArgumentException("the prefix renders to no tokens", nameof(tokens));
        if (tokens.Length >= ContextSize) throw new Generation.ContextOverflowException(tokens.Length, 1, ContextSize);
        var key = contentKey is null ? null : PromptCacheKey.For(Model, contentKey);
        using var turn = await _queue.EnterAsync(cancellationToken).ConfigureAwait(false);
        await Task.Yield(); // a prefill is long and synchronous: never on the caller's thread
        cancellationToken.ThrowIfCancellationRequested();
        bool alreadyCached = HoldsPrefix(tokens);
        bool save = key is not null && RestorePrefix(key, tokens);
        bool fromDisk = key is not null && !alreadyCached && !save && DocumentCache is not null;
        _generator.PrefillPrefix(tokens, cancellationToken, progress);
        if (save) SavePrefix(key!, tokens);
        return new PrefixResult(tokens.Length, fromDisk) { Saved = save };
    }

    // Every message but the last, when the caller named a content key and more than one message was sent.
    (PromptCacheKey Key, int[] Tokens)? CacheablePrefix(List<AiMessage> messages, ChatOptions? options, int[] prompt)
    {
        if (options?.AdditionalProperties?.TryGetValue(ContentKeyProperty, out var value) != true || value is not string { Length: > 0 } contentKey
            || messages.Count < 2) return null;
        int[] head = Encode(messages[..^1], addGenerationPrompt: false, options.Instructions);
        // Tokenization may merge across the boundary: only the part both agree on is a true prefix.
        int n = 0;
        while (n < head.Length && n < prompt.Length - 1 && head[n] == prompt[n]) n++;
        return n == 0 ? null : (PromptCacheKey.For(Model, contentKey), head[..n]);
    }

    bool HoldsPrefix(int[] tokens) =>
        Model.Model.Position == _generator.CachedTokens.Count && _generator.CachedTokens.Count >= tokens.Length
        && _generator.CachedTokens.Take(tokens.Length).SequenceEqual(tokens);

    // In the queue: makes the model's cache start with the prefix when the disk has it. True = the caller should save it.
    bool RestorePrefix(PromptCacheKey key, int[] tokens)
    {
        if (HoldsPrefix(tokens) || DocumentCache is not { } store) return false;
        if (!store.TryLoad(key, Model.Transformer, out var restored)) return true;
        _generator.AdoptPrefix(restored);
        return !restored.AsSpan().SequenceEqual(tokens); // saved under this key from another rendering: replace it
    }

    void SavePrefix(PromptCacheKey key, int[] tokens)
    {
        if (DocumentCache is { } store && Model.Model.Position >= tokens.Length) store.Save(key, Model.Transformer, tokens);
    }
}
