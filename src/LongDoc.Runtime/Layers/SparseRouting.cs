using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// Sends a layer's attention to the dense or the block-sparse op: sparse when the options say so for this layer and
/// context, the backend has the op and the cache keeps block statistics. Records dense calls in the trace too, so
/// --explain-attention lists every layer.
/// </summary>
public static class SparseRouting
{
    public static bool UseSparse(IBackend backend, RunState s, KvCache cache, int layer, int positions) =>
        s.Sparse is { } sp && sp.Options.IsSparse(layer, positions) && backend is ISparseAttention && cache.BlockStatistics is not null;

    /// <summary>GQA attention of one layer: q (T, H*Dk) -> o (T, H*Dv), scores scaled by 1/sqrt(Dk).</summary>
    public static void Attend(IBackend backend, RunState s, KvCache cache, int layer, ReadOnlySpan<float> q, int start, int tokens, int heads, Span<float> o)
    {
        if (UseSparse(backend, s, cache, layer, start + tokens))
        {
            var call = new SparseAttentionCall(cache, layer, start, tokens, heads, 1f / MathF.Sqrt(cache.KeyLength), 0, s.Sparse!.Options, s.Sparse.Trace);
            ((ISparseAttention)backend).SparseAttention(call, q, o);
            return;
        }
        backend.Attention(q, cache, layer, start, tokens, heads, o);
        RecordDense(s, cache, layer, start, tokens, heads);
    }

    /// <summary>A dense call reads every visible block: counted per query block and KV group as the sparse op counts.</summary>
    public static void RecordDense(RunState s, KvCache cache, int layer, int start, int tokens, int heads)
    {
        if (s.Sparse?.Trace is not { } trace) return;
        int b = s.Sparse.Options.Block;
        long blocks = 0;
        for (int qb = start / b; qb <= (start + tokens - 1) / b; qb++) blocks += qb + 1;
        blocks *= cache.KvHeads;
        trace.AddBlocks(layer, false, blocks, blocks);
        if (s.Sparse.Options.ExplainMass) trace.AddMass(layer, (long)tokens * heads, (long)tokens * heads);
    }
}
