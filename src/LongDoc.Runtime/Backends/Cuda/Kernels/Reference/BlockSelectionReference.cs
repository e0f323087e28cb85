namespace LongDoc.Runtime.Backends.Cuda.Kernels.Reference;

/// <summary>
/// Scalar reference of block_stats.cu and block_select.cu (the same rules, written plainly): per-block per-channel
/// key min/max; per query block and KV group the sink, the window (blocks max(0, pf-W+1)/B .. pl/B) and the top-K
/// other causal blocks by the Quest bound summed over the group's pooled queries, ties to the lower index, listed
/// ascending. Legend as in the kernels: T tokens at start.., H heads, Hkv KV heads, Dk, B, NBcap, W, K, KS.
/// </summary>
public static class BlockSelectionReference
{
    /// <summary>k (Hkv, cap, Dk) -> kmin, kmax (Hkv, NBcap, Dk) for blocks first .. ceil(S/B)-1.</summary>
    public static void Stats(ReadOnlySpan<float> k, Span<float> kmin, Span<float> kmax, int kvHeads, int capacity, int keyDim,
        int blockSize, int positions, int firstBlock, int blockCapacity)
    {
        int blocks = (positions + blockSize - 1) / blockSize;
        for (int h = 0; h < kvHeads; h++)
            for (int b = firstBlock; b < blocks; b++)
                for (int c = 0; c < keyDim; c++)
                {
                    float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
                    for (int p = b * blockSize; p < Math.Min(positions, (b + 1) * blockSize); p++)
                    {
                        float x = k[(h * capacity + p) * keyDim + c];
                        lo = Math.Min(lo, x);
                        hi = Math.Max(hi, x);
                    }
                    kmin[(h * blockCapacity + b) * keyDim + c] = lo;
                    kmax[(h * blockCapacity + b) * keyDim + c] = hi;
                }
    }

    /// <summary>q (T, H, Dk), kmin/kmax (Hkv, NBcap, Dk) -> sel (NQ, Hkv, KS) ascending, nsel (NQ, Hkv).</summary>
    public static void Select(ReadOnlySpan<float> q, ReadOnlySpan<float> kmin, ReadOnlySpan<float> kmax, Span<int> sel, Span<int> nsel,
        int tokens, int heads, int kvHeads, int keyDim, int start, int blockSize, int blockCapacity, int window, int topK,
        int listCapacity, bool maxPool)
    {
        int group = heads / kvHeads, queryBlocks = (tokens + blockSize - 1) / blockSize;
        var pooled = new double[keyDim];
        for (int i = 0; i < queryBlocks; i++)
        {
            int r0 = i * blockSize, r1 = Math.Min(tokens, r0 + blockSize);
            int last = (start + r1 - 1) / blockSize, winFirst = Math.Max(0, start + r0 - window + 1) / blockSize;
            for (int kvh = 0; kvh < kvHeads; kvh++)
            {
                var score = new double[last + 1];
                for (int g = 0; g < group; g++)
                {
                    int h = kvh * group + g;
                    for (int c = 0; c < keyDim; c++)
                    {
                        double acc = maxPool ? double.NegativeInfinity : 0;
                        for (int r = r0; r < r1; r++)
                        {
                            float x = q[(r * heads + h) * keyDim + c];
                            acc = maxPool ? Math.Max(acc, x) : acc + x;
                        }
                        pooled[c] = maxPool ? (float)acc : (float)(acc / (r1 - r0));
                    }
                    for (int j = 1; j < winFirst; j++)
                        for (int c = 0; c < keyDim; c++)
                        {
                            int at = (kvh * blockCapacity + j) * keyDim + c;
                            score[j] += Math.Max(pooled[c] * kmax[at], pooled[c] * kmin[at]);
                        }
                }
                var chosen = new List<int>();
                var candidates = Enumerable.Range(1, Math.Max(0, winFirst - 1))
                    .OrderByDescending(j => double.IsNaN(score[j]) ? double.NegativeInfinity : score[j]).ThenBy(j => j).Take(topK).ToHashSet();
                for (int j = 0; j <= last; j++)
                    if (j == 0 || j >= winFirst || candidates.Contains(j)) chosen.Add(j);
                int n = Math.Min(chosen.Count, listCapacity);
                for (int x = 0; x < n; x++) sel[(i * kvHeads + kvh) * listCapacity + x] = chosen[x];
                nsel[i * kvHeads + kvh] = n;
            }
        }
    }
}
