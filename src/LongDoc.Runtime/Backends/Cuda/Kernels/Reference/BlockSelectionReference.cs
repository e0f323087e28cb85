using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Backends.Cuda.Kernels.Reference;

/// <summary>
/// Scalar reference of block_stats.cu and block_select.cu (the same rules, written plainly), which are the rules of
/// the CPU op (SparseSelectionJob + BlockSelector): per-block per-channel key min, max and sum; per position-aligned
/// query block and KV group one pooled query (the group's heads summed, the block's tokens averaged), scored against
/// the candidate blocks by the Quest bound or the mean key, then the sink, the window and the best candidates within
/// the budget, ties to the lower index, NaN last, listed ascending. Sums run in f32 in the order of the CPU's
/// scalar paths (its SIMD paths and the kernel's warp reduction differ only in rounding).
/// Legend as in the kernels: T tokens at start.., H heads, Hkv KV heads, Dk, B, NBcap, W, KS.
/// </summary>
public static class BlockSelectionReference
{
    /// <summary>k (Hkv, cap, Dk) -> kmin, kmax, ksum (Hkv, NBcap, Dk) for blocks first .. ceil(S/B)-1.</summary>
    public static void Stats(ReadOnlySpan<float> k, Span<float> kmin, Span<float> kmax, Span<float> ksum, int kvHeads, int capacity, int keyDim,
        int blockSize, int positions, int firstBlock, int blockCapacity)
    {
        int blocks = (positions + blockSize - 1) / blockSize;
        for (int h = 0; h < kvHeads; h++)
            for (int b = firstBlock; b < blocks; b++)
                for (int c = 0; c < keyDim; c++)
                {
                    float lo = float.PositiveInfinity, hi = float.NegativeInfinity, sum = 0;
                    for (int p = b * blockSize; p < Math.Min(positions, (b + 1) * blockSize); p++)
                    {
                        float x = k[(h * capacity + p) * keyDim + c];
                        lo = Math.Min(lo, x);
                        hi = Math.Max(hi, x);
                        sum += x;
                    }
                    int at = (h * blockCapacity + b) * keyDim + c;
                    (kmin[at], kmax[at], ksum[at]) = (lo, hi, sum);
                }
    }

    /// <summary>q (T, H, Dk), kmin/kmax/ksum (Hkv, NBcap, Dk) -> sel (NQ, Hkv, KS) ascending, nsel (NQ, Hkv).</summary>
    public static void Select(BlockSelectShape s, ReadOnlySpan<float> q, ReadOnlySpan<float> kmin, ReadOnlySpan<float> kmax, ReadOnlySpan<float> ksum,
        Span<int> sel, Span<int> nsel)
    {
        int b = s.BlockSize, ks = s.MaxSelected;
        for (int i = 0; i < s.QueryBlocks; i++)
            for (int kvh = 0; kvh < s.KvHeads; kvh++)
            {
                var chosen = Blocks(s, q, kmin, kmax, ksum, s.Start / b + i, kvh);
                int n = Math.Min(chosen.Count, ks);
                for (int x = 0; x < n; x++) sel[(i * s.KvHeads + kvh) * ks + x] = chosen[x];
                nsel[i * s.KvHeads + kvh] = n;
            }
    }

    /// <summary>The blocks query block <paramref name="qb"/> of KV head <paramref name="kvh"/> reads, ascending.</summary>
    static List<int> Blocks(BlockSelectShape s, ReadOnlySpan<float> q, ReadOnlySpan<float> kmin, ReadOnlySpan<float> kmax, ReadOnlySpan<float> ksum,
        int qb, int kvh)
    {
        int b = s.BlockSize, dk = s.KeyDim, group = s.Heads / s.KvHeads, visible = qb + 1;
        if (visible <= s.BudgetBlocks) return [.. Enumerable.Range(0, visible)];
        int first = Math.Max(s.Start, qb * b), last = Math.Min(s.Start + s.Tokens - 1, qb * b + b - 1);
        int windowFirst = Math.Clamp(Math.Max(0, first - s.Window + 1) / b, 1, visible - 1);
        int topK = Math.Min(Math.Max(0, s.BudgetBlocks - (1 + visible - windowFirst)), windowFirst - 1);

        var pooled = new float[dk];
        for (int t = first; t <= last; t++)
            for (int h = kvh * group; h < (kvh + 1) * group; h++)
                for (int c = 0; c < dk; c++) pooled[c] += q[((t - s.Start) * s.Heads + h) * dk + c];
        float inv = 1f / (last - first + 1);
        for (int c = 0; c < dk; c++) pooled[c] *= inv;
        var score = new float[windowFirst];
        for (int j = 1; j < windowFirst; j++)
        {
            float sum = 0;
            for (int c = 0; c < dk; c++)
            {
                int at = (kvh * s.BlockCapacity + j) * dk + c;
                sum += s.Score == BlockScore.Quest ? MathF.Max(pooled[c] * kmax[at], pooled[c] * kmin[at]) : pooled[c] * ksum[at];
            }
            score[j] = s.Score == BlockScore.Quest ? sum : sum / b;
        }
        var top = Enumerable.Range(1, windowFirst - 1)
            .OrderByDescending(j => float.IsNaN(score[j]) ? float.NegativeInfinity : score[j]).ThenBy(j => j).Take(topK);
        return [0, .. top.Order(), .. Enumerable.Range(windowFirst, visible - windowFirst)];
    }
}
