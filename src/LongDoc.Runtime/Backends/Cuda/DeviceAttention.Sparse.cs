using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// Block-sparse attention on the device, the CPU op's semantics (SparseSelectionJob, BlockSelector): the layer's
/// block statistics brought up to date from the mirror (block_stats.cu), one selection per position-aligned query
/// block and KV group (block_select.cu, lists (NQ, Hkv, KS) on the device), then attention over the selected blocks
/// (attention_prefill.cu, or attention_decode.cu + attention_merge.cu for one token; the MLA latent call decodes
/// with v = k, the first R channels of the cached rows as values). Legend: T tokens, H heads, Hkv KV heads,
/// Dk key width, Dv value width (R on the latent cache), B the statistics' block.
/// </summary>
public sealed partial class DeviceAttention
{
    /// <summary>q (T, H*Dk) -> o (T, H*Dv) for <paramref name="path"/> AttentionPrefill or AttentionDecode
    /// (<see cref="CudaRouting.SparseAttention"/>); blocks read recorded in the call's trace like the CPU op does.</summary>
    public void RunSparse(CudaStream stream, CudaPath path, in SparseAttentionCall c, ReadOnlySpan<float> q, Span<float> o)
    {
        var cache = c.Cache;
        var stats = cache.BlockStatistics ?? throw new InvalidOperationException("sparse attention: the KV cache keeps no block statistics");
        bool latent = c.LatentValueLength > 0;
        int dk = cache.KeyLength, dv = latent ? c.LatentValueLength : cache.ValueLength, end = c.Start + c.Tokens, b = stats.Block;
        long inputs = (long)c.Tokens * c.Heads * dk, outputs = (long)c.Tokens * c.Heads * dv;
        if (q.Length < inputs || o.Length < outputs)
            throw new ArgumentException($"sparse attention: {c.Tokens} tokens x {c.Heads} heads need {inputs} query and {outputs} output floats; got {q.Length} and {o.Length}");
        var mirror = Mirror(cache);
        var (k, v) = mirror.Layer(c.Layer, end);
        var (kmin, kmax, ksum) = mirror.Statistics(Kernels, stream, c.Layer, end);
        var dq = _q.Upload(q[..(int)inputs]);
        var dout = _o.Get(outputs);
        var select = SelectShape(c);
        int lists = select.QueryBlocks * cache.KvHeads, ks = select.MaxSelected;
        var sel = _sel.Get((long)lists * ks);
        var nsel = _nsel.Get(lists);
        BlockSelectLauncher.Run(Kernels, stream, select, dq.Pointer, kmin, kmax, ksum, sel.Pointer, nsel.Pointer);
        var type = CudaRouting.CacheOnDevice[cache.Type];
        if (path == CudaPath.AttentionPrefill)
        {
            var s = new AttentionPrefillShape(c.Tokens, c.Heads, cache.KvHeads, dk, dv, b, cache.Capacity, c.Start, ks, type);
            AttentionPrefillLauncher.Run(Kernels, stream, s, dq.Pointer, k, v, sel.Pointer, nsel.Pointer, dout.Pointer, c.Scale);
        }
        else
        {
            var s = DecodeShape(c, ks, Device.Multiprocessors);
            var partO = _partO.Get((long)c.Heads * s.Splits * dv);
            var partMl = _partMl.Get((long)c.Heads * s.Splits * 2);
            AttentionDecodeLauncher.RunAndMerge(Kernels, stream, s, dq.Pointer, k, latent ? k : v, sel.Pointer, nsel.Pointer,
                partO.Pointer, partMl.Pointer, dout.Pointer, c.Scale);
        }
        dout.Download(o[..(int)outputs]);
        if (c.Trace is { } trace) Record(trace, c, select, nsel);
    }

    /// <summary>The selection of a sparse call: the budget, window and score of its options over the cache's block
    /// statistics; lists sized for the budget (or sink + window when they exceed it), at most the key blocks.</summary>
    public static BlockSelectShape SelectShape(in SparseAttentionCall c)
    {
        var stats = c.Cache.BlockStatistics!;
        int b = stats.Block, budget = c.Options.BudgetBlocks;
        int ks = Math.Min(AttentionShapes.ListCapacity(b, c.Options.Window, budget), KernelTypes.CeilDiv(c.Start + c.Tokens, b));
        return new(c.Tokens, c.Heads, c.Cache.KvHeads, c.Cache.KeyLength, c.Start, b, stats.Blocks, c.Options.Window, budget, ks, c.Options.Score);
    }

    /// <summary>Sparse decode of the call's one token: split over about two CTAs per SM for the list capacity
    /// <paramref name="ks"/> (splits past a list's blocks stay empty and the merge skips them). On the latent cache
    /// the values are the first R channels of the key rows (value stride = key stride).</summary>
    public static AttentionDecodeShape DecodeShape(in SparseAttentionCall c, int ks, int multiprocessors)
    {
        var cache = c.Cache;
        bool latent = c.LatentValueLength > 0;
        int dk = cache.KeyLength, dv = latent ? c.LatentValueLength : cache.ValueLength;
        return new(c.Heads, cache.KvHeads, dk, dv, dk, latent ? dk : dv, c.Start + 1, cache.BlockStatistics!.Block, cache.Capacity, ks,
            AttentionDecodeLauncher.SplitsFor(c.Heads, ks, multiprocessors), CudaRouting.CacheOnDevice[cache.Type]);
    }

    /// <summary>Blocks read and visible, per query block and KV group, as SparseSelectionJob records them.</summary>
    void Record(AttentionTrace trace, in SparseAttentionCall c, BlockSelectShape s, DeviceBuffer<int> nsel)
    {
        int lists = s.QueryBlocks * s.KvHeads;
        if (_hostCounts.Length < lists) _hostCounts = new int[lists];
        var counts = _hostCounts.AsSpan(0, lists);
        nsel.Download(counts);
        var (read, visible) = TraceCounts(counts, s);
        trace.AddBlocks(c.Layer, true, read, visible);
    }

    /// <summary>(blocks read, blocks visible) over the lists of a selection with <paramref name="counts"/> (NQ, Hkv).</summary>
    public static (long Read, long Visible) TraceCounts(ReadOnlySpan<int> counts, BlockSelectShape s)
    {
        long read = 0, visible = 0;
        for (int l = 0; l < counts.Length; l++)
        {
            read += counts[l];
            visible += s.Start / s.BlockSize + l / s.KvHeads + 1;
        }
        return (read, visible);
    }
}
