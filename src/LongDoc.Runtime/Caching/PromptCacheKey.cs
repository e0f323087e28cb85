using System.Security.Cryptography;
using System.Text;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Caching;

/// <summary>
/// Everything that decides whether a saved KV cache is valid for a run: the model's weights (fingerprint), what the
/// prompt prefix holds (a caller's content key, e.g. the document's SHA-256), and every runtime setting that changes
/// the cached numbers or their layout: architecture and cache shape, KV precision, context size, attention settings.
/// Any part changing gives another <see cref="Digest"/>, hence another file: the old one is a miss and ages out.
/// </summary>
public sealed record PromptCacheKey(
    string ModelFingerprint,
    string ContentKey,
    string Architecture,
    int Layers,
    int KvHeads,
    int KeyLength,
    int ValueLength,
    KvCacheType KvType,
    int ContextSize,
    string Attention)
{
    /// <summary>Bumped when the file layout or the meaning of a part changes.</summary>
    public const int FormatVersion = 1;

    /// <summary>The key for <paramref name="model"/>; <paramref name="attention"/> names the attention settings
    /// (default: the model's own, e.g. "sparse (block 64, budget 4096, window 1024, score quest, dense layers 0,1)").</summary>
    public static PromptCacheKey For(LoadedModel model, string contentKey, string? attention = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentKey);
        // sparse prefill gives later layers other keys and values than dense: the settings are part of the key
        var options = model.Transformer.AttentionOptions;
        attention ??= options.Summary() + (options.DenseBelowBudget ? "" : ", sparse below budget");
        var cache = model.Transformer.Cache;
        return new PromptCacheKey(Caching.ModelFingerprint.Of(model.Files.Source), contentKey, model.Config.Architecture,
            cache.Layers, cache.KvHeads, cache.KeyLength, cache.ValueLength, cache.Type, model.Model.ContextSize, attention);
    }

    /// <summary>Canonical text of every part; stored in the file and compared on load.</summary>
    public string Text =>
        $"v{FormatVersion}|model={ModelFingerprint}|content={ContentKey}|arch={Architecture}|shape={Layers}x{KvHeads}x{KeyLength}x{ValueLength}" +
        $"|kv={KvType}|ctx={ContextSize}|attention={Attention}";

    /// <summary>Hex SHA-256 of <see cref="Text"/>: the file name.</summary>
    public string Digest => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));

    /// <summary>True when <paramref name="cache"/> has the shape and precision this key was made for.</summary>
    public bool Fits(KvCache cache, int contextSize) =>
        cache.Layers == Layers && cache.KvHeads == KvHeads && cache.KeyLength == KeyLength && cache.ValueLength == ValueLength
        && cache.Type == KvType && contextSize == ContextSize;
}
