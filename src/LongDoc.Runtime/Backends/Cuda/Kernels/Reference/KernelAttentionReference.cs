namespace LongDoc.Runtime.Backends.Cuda.Kernels.Reference;

/// <summary>
/// Scalar reference of attention_prefill.cu and attention_decode.cu (+ attention_merge.cu): softmax over the union
/// of the selected key blocks, causal, in double. The oracle of the CUDA self-test, and checked itself against the
/// CPU backend's dense attention (all blocks selected). Legend: T query tokens at positions start.., S = start+T,
/// H heads, Hkv KV heads, Dk/Dv widths, B block size, NQ query blocks, KS list capacity, cap cache capacity.
/// </summary>
public static class KernelAttentionReference
{
    /// <summary>
    /// q (T, H, Dk), k (Hkv, cap, kStride), v (Hkv, cap, vStride), sel (NQ, Hkv, KS), nsel (NQ, Hkv) -> o (T, H, Dv).
    /// Query blocks are aligned to positions, as the CPU op aligns them: row t (position start+t) reads list
    /// (start+t)/B - start/B (decode: T = 1, one list). Keys past S-1 or after the query are masked.
    /// </summary>
    public static void Run(ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, ReadOnlySpan<int> sel, ReadOnlySpan<int> nsel,
        Span<float> o, int tokens, int heads, int kvHeads, int keyDim, int valueDim, int kStride, int vStride, int capacity, int start,
        int blockSize, int listCapacity, float scale)
    {
        int group = heads / kvHeads, positions = start + tokens;
        var weights = new List<(int Pos, double Score)>();
        var acc = new double[valueDim];
        for (int t = 0; t < tokens; t++)
        {
            int qpos = start + t, qb = qpos / blockSize - start / blockSize;
            for (int h = 0; h < heads; h++)
            {
                int kvh = h / group, n = Math.Min(nsel[qb * kvHeads + kvh], listCapacity);
                var list = sel.Slice((qb * kvHeads + kvh) * listCapacity, n);
                var qh = q.Slice((t * heads + h) * keyDim, keyDim);
                weights.Clear();
                double max = double.NegativeInfinity;
                foreach (int kb in list)
                    for (int j = 0; j < blockSize; j++)
                    {
                        int pos = kb * blockSize + j;
                        if (kb < 0 || pos > qpos || pos >= positions) continue;
                        var kr = k.Slice((kvh * capacity + pos) * kStride, keyDim);
                        double s = 0;
                        for (int c = 0; c < keyDim; c++) s += (double)qh[c] * kr[c];
                        s *= scale;
                        weights.Add((pos, s));
                        max = Math.Max(max, s);
                    }
                Array.Clear(acc);
                double sum = 0;
                foreach (var (pos, s) in weights)
                {
                    double p = Math.Exp(s - max);
                    sum += p;
                    var vr = v.Slice((kvh * capacity + pos) * vStride, valueDim);
                    for (int c = 0; c < valueDim; c++) acc[c] += p * vr[c];
                }
                var oh = o.Slice((t * heads + h) * valueDim, valueDim);
                for (int c = 0; c < valueDim; c++) oh[c] = sum > 0 ? (float)(acc[c] / sum) : 0f;
            }
        }
    }
}
