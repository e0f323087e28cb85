using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Placement;

/// <summary>The weight bytes of one layer: routed experts apart from the rest (attention, router, shared experts, dense FFN).</summary>
public readonly record struct LayerBytes(long Layer, long Experts)
{
    public long Total => Layer + Experts;
}

/// <summary>
/// What placing a model costs, per part: each layer's weights (experts apart), the embedding and output matrices, the
/// device KV cache of one layer per position, and the device staging scratch per batch token. Legend: T batch tokens,
/// D hidden, H heads, Dk/Dv head widths, E experts, A active, Fe expert width, F widest FFN, V vocabulary, R latent.
/// </summary>
public sealed record ModelFootprint(IReadOnlyList<LayerBytes> Layers, long EmbeddingBytes, long OutputBytes, bool TiedOutput,
    long DeviceKvBytesPerTokenPerLayer, long HostKvBytesPerToken, ModelConfig Config)
{
    /// <summary>The staging buffers grow by half when a larger op comes (DeviceScratch), so they may hold 1.5x the largest request.</summary>
    public const double ScratchGrowth = 1.5;

    /// <summary>The footprint of <paramref name="config"/>'s blocks over <paramref name="weights"/> with a cache of
    /// <paramref name="kv"/>; <paramref name="attention"/> adds block-sparse attention's device statistics.</summary>
    public static ModelFootprint Of(ModelConfig config, IModelWeights weights, KvCacheType kv, Sparse.SparseAttentionOptions attention, int maxBatch)
    {
        var build = Architectures.For(config, weights.Source);
        var layers = Enumerable.Range(0, config.BlockCount).Select(i => build(config, weights, i))
            .Select(b => new LayerBytes(b.LayerWeights.Sum(w => w.ByteCount), b.ExpertWeights.Sum(w => w.ByteCount))).ToList();
        var embedding = weights.Matrix("token_embd.weight");
        bool tied = !weights.Contains("output.weight");
        long output = tied ? embedding.ByteCount : weights.Matrix("output.weight").ByteCount;
        return new ModelFootprint(layers, embedding.ByteCount, output, tied, DeviceKvPerTokenPerLayer(config, kv, attention),
            ContextMemory.HostBytesPerToken(config, kv, attention, maxBatch), config);
    }

    /// <summary>One layer's device KV mirror per position: F16 K and V rows (the device attends over F16 caches only; an F32
    /// cache stays in host RAM), plus min/max/sum key rows per block when attention is block-sparse.</summary>
    public static long DeviceKvPerTokenPerLayer(ModelConfig c, KvCacheType kv, Sparse.SparseAttentionOptions attention)
    {
        if (kv != KvCacheType.F16) return 0;
        var (heads, key, value) = c.CacheShape;
        long bytes = (long)heads * (key + value) * 2;
        var resolved = attention.Resolve(c.Indexer is not null);
        if (resolved.Mode == Sparse.AttentionMode.Sparse) bytes += ((long)heads * 3 * key * sizeof(float) + resolved.Block - 1) / resolved.Block;
        return bytes;
    }

    public long LayerWeights(int layers, ExpertPlacement experts) =>
        Layers.Take(layers).Sum(l => experts == ExpertPlacement.Gpu ? l.Total : l.Layer);

    /// <summary>
    /// Device staging floats per batch token (CudaBackend's inputs, outputs and routed scratch, DeviceAttention's q and o):
    /// max(D, F, H*Dk, H*Dv, E) in, max(that, A*Fe with experts on the device, V with the output there) out, A*(D+1)
    /// routed, H*(Dk+Dv) attention, 3A ids.
    /// </summary>
    public long ScratchFloatsPerToken(bool experts, bool output)
    {
        var c = Config;
        long widest = new long[] { c.EmbeddingLength, WidestFfn, (long)c.HeadCount * c.KeyLength, (long)c.HeadCount * c.ValueLength, c.ExpertCount }.Max();
        bool moe = experts && c.IsMoe;
        long outputs = Math.Max(widest, Math.Max(moe ? (long)c.ExpertUsedCount * c.ExpertFeedForwardLength : 0, output ? c.VocabSize : 0));
        long routed = moe ? (long)c.ExpertUsedCount * (c.EmbeddingLength + 1) + 3L * c.ExpertUsedCount : 0;
        return widest + outputs + routed + (long)c.HeadCount * (c.KeyLength + c.ValueLength);
    }

    /// <summary>Device staging that does not grow with the batch: one norm weight row, the expert offsets, and decode's split
    /// partial outputs (at most 2 splits per multiprocessor and one per head, of the widest value row plus max and sum).</summary>
    public long ScratchFixedFloats(int multiprocessors)
    {
        var c = Config;
        long valueWidth = Math.Max(c.ValueLength, c.IsMla ? c.KvLoraRank : 0);
        return c.EmbeddingLength + c.ExpertCount + 1 + (2L * multiprocessors + c.HeadCount) * (valueWidth + 2);
    }

    /// <summary>Device scratch bytes for batches of <paramref name="tokens"/>.</summary>
    public long ScratchBytes(int tokens, bool experts, bool output, int multiprocessors) =>
        (long)(ScratchGrowth * sizeof(float) * (tokens * ScratchFloatsPerToken(experts, output) + ScratchFixedFloats(multiprocessors)));

    /// <summary>Host activations per batch token, as RunState allocates them (X, Xn, Out, Q, K, V, Attn, Router, top-A ids and
    /// weights, per-expert token lists, MoE gather and down, gate and up).</summary>
    public long HostActivationBytesPerToken()
    {
        var c = Config;
        long e = Math.Max(1, c.ExpertCount), a = Math.Max(1, c.ExpertUsedCount), d = c.EmbeddingLength;
        long kv = c.IsMla ? 0 : (long)c.HeadCountKv * (c.KeyLength + c.ValueLength);
        return sizeof(float) * (3 * d + (long)c.HeadCount * (c.KeyLength + c.ValueLength) + kv + e + 2 * a + 2 * e
            + (c.IsMoe ? 2 * d : 0) + 2L * WidestFfn);
    }

    long WidestFfn => Math.Max(Math.Max(Config.ExpertFeedForwardLength, Config.FeedForwardLength), (long)Config.ExpertSharedCount * Config.ExpertFeedForwardLength);
}
