namespace LongDoc.Runtime.Models;

/// <summary>
/// Bytes that grow with the context, per token of context, as <see cref="TransformerModel"/> allocates them: the KV
/// cache (K and V per KV head, or MLA's one latent row), the key statistics of block-sparse attention (3 rows of Dk
/// floats per block of B positions), the attention scores (one row per CPU thread), and MLA's per-position scratch (<see cref="MlaScratch"/>: the decompressed
/// cache of one head and the (max(H, T), P) score rows), and DSA's index keys (one Di row per layer that selects) with
/// its per-position scratch (<see cref="DsaScratch"/>: Hi head scores and the score; the CPU backend's score rows of a chunk of tokens). Legend: L layers, Hkv KV heads, Dk/Dv cache row widths,
/// B sparse block, T batch tokens, H heads, R kv_lora, Pe rope width, N nope width.
/// </summary>
public static class ContextMemory
{
    /// <summary>Host bytes one more position of context costs.</summary>
    public static long HostBytesPerToken(ModelConfig c, KvCacheType kv, Sparse.SparseAttentionOptions attention, int maxBatch)
    {
        var (heads, key, _) = c.CacheShape;
        long bytes = DeviceBytesPerToken(c, kv) + (long)Environment.ProcessorCount * sizeof(float); // + one score row per attention thread
        if (attention.Resolve(c.Indexer is not null).Mode == Sparse.AttentionMode.Sparse)                                // L * Hkv * 3 * Dk floats per B positions
            bytes += ((long)c.BlockCount * heads * 3 * key * sizeof(float) + attention.Block - 1) / attention.Block;
        if (c.IsMla)
        {
            int r = c.KvLoraRank, pe = c.RopeDimensionCount, n = c.NopeLength, dv = c.ValueLength;
            long rows = Math.Max(c.HeadCount, maxBatch);
            bytes += (r + pe + n + dv + n + pe + dv + rows) * sizeof(float);          // CacheC, CachePe, KNope, VHead, Keys, ValuesT, Scores
        }
        if (c.Indexer is { } ix)                                                       // IndexKeyCache; HeadScores, Scores
            bytes += (long)Enumerable.Range(0, c.BlockCount).Count(ix.IsFull) * ix.KeyLength * (kv == KvCacheType.F16 ? 2 : 4)
                + (ix.HeadCount + 1 + DsaScratch.ScoreTokens) * sizeof(float);
        return bytes;
    }

    /// <summary>Bytes of the KV cache alone per position (what a device keeps beside its weights).</summary>
    public static long DeviceBytesPerToken(ModelConfig c, KvCacheType kv)
    {
        var (heads, key, value) = c.CacheShape;
        return (long)c.BlockCount * heads * (key + value) * (kv == KvCacheType.F16 ? 2 : 4);
    }
}
