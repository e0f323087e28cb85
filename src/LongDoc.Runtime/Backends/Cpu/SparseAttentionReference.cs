using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// The scalar reference of block-sparse attention (the test oracle of <see cref="SparseSelectionJob"/> and
/// <see cref="SparseAttentionJob"/>): the same selection with scalar scoring, then per (token, head) a plain two-pass
/// softmax in double over the gathered positions of the selected blocks. Slow and obvious on purpose.
/// </summary>
internal static unsafe class SparseAttentionReference
{
    /// <summary>q (T, H*Dk) -> o (T, H*Dv); <paramref name="selections"/> receives each (token, head)'s block list.</summary>
    public static void Run(in SparseAttentionCall c, float[] q, float[] o, List<int[]>? selections = null)
    {
        var cache = c.Cache;
        var stats = cache.BlockStatistics!;
        int hkv = cache.KvHeads, group = c.Heads / hkv, dk = cache.KeyLength, b = stats.Block;
        bool latent = c.LatentValueLength > 0;
        int dv = latent ? c.LatentValueLength : cache.ValueLength;
        var key = new float[dk];
        var value = new float[cache.KeyLength + cache.ValueLength];
        for (int t = 0; t < c.Tokens; t++)
            for (int h = 0; h < c.Heads; h++)
            {
                int pos = c.Start + t, g = h / group, qb = pos / b;
                int first = Math.Max(c.Start, qb * b), last = Math.Min(c.Start + c.Tokens - 1, qb * b + b - 1);
                var blocks = Select(c, stats, q, g, qb, first, last);
                selections?.Add(blocks);
                var positions = blocks.SelectMany(blk => Enumerable.Range(blk * b, b)).Where(p => p <= pos).ToArray();
                var scores = new double[positions.Length];
                for (int i = 0; i < positions.Length; i++)
                {
                    cache.ReadKey(c.Layer, g, positions[i], key);
                    double dot = 0;
                    for (int j = 0; j < dk; j++) dot += (double)key[j] * q[(t * c.Heads + h) * dk + j];
                    scores[i] = c.Scale * dot;
                }
                double max = scores.Max(), sum = scores.Sum(s => Math.Exp(s - max));
                var acc = new double[dv];
                for (int i = 0; i < positions.Length; i++)
                {
                    ReadValue(cache, c.Layer, g, positions[i], latent, value);
                    double w = Math.Exp(scores[i] - max) / sum;
                    for (int j = 0; j < dv; j++) acc[j] += w * value[j];
                }
                for (int j = 0; j < dv; j++) o[(t * c.Heads + h) * dv + j] = (float)acc[j];
            }
    }

    static int[] Select(in SparseAttentionCall c, KvBlockStatistics stats, float[] q, int g, int qb, int first, int last)
    {
        int dk = stats.KeyLength, group = c.Heads / c.Cache.KvHeads, visible = qb + 1;
        int windowFirst = BlockSelector.WindowFirst(first, c.Options.Window, stats.Block);
        var pooled = new float[dk];
        for (int t = first; t <= last; t++)
            for (int h = g * group; h < (g + 1) * group; h++)
                for (int j = 0; j < dk; j++) pooled[j] += q[((t - c.Start) * c.Heads + h) * dk + j];
        for (int j = 0; j < dk; j++) pooled[j] /= last - first + 1;
        var scores = new float[visible];
        fixed (float* pq = pooled)
            for (int blk = 1; blk < Math.Min(windowFirst, visible - 1); blk++)
                scores[blk] = c.Options.Score == BlockScore.Quest
                    ? QuestBound.Scalar(pq, stats.Min(c.Layer, g, blk), stats.Max(c.Layer, g, blk), dk)
                    : DotF32.Scalar(pq, stats.Sum(c.Layer, g, blk), dk) / stats.Block;
        var selected = new int[visible];
        int n = BlockSelector.Select(scores, visible, windowFirst, c.Options.BudgetBlocks, selected, new int[visible]);
        return selected[..n];
    }

    static void ReadValue(KvCache cache, int layer, int head, int pos, bool latent, float[] value)
    {
        if (latent) { cache.ReadKey(layer, head, pos, value); return; }
        byte* src = cache.Value(layer, head, pos);
        for (int j = 0; j < cache.ValueLength; j++)
            value[j] = cache.Type == KvCacheType.F32 ? ((float*)src)[j] : (float)((Half*)src)[j];
    }
}
