using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cuda.Kernels.Checks;

/// <summary>
/// Self-test checks of DeepSeek Sparse Attention's kernels at V3.2's widths (64 index heads of 128, latent 512 + 64):
/// dsa_index.cu against f32 arithmetic on the same f16-rounded queries and f16 keys (only the summation order differs), dsa_topk.cu
/// against <see cref="TopPositions"/> (equal lists: per token its count, then the positions; the rows hold exact ties,
/// zeros of both signs and a NaN), dsa_mla.cu against f64 softmax attention over the selected f16 rows (the query rounded as the
/// CPU rounds it, <see cref="DsaReferences.RoundF16Mantissa"/>). Size = cached
/// positions; the top-k goes up to 128k scores per query.
/// </summary>
public static class DsaChecks
{
    const int IndexHeads = 64, IndexDim = 128, Heads = 16, Latent = 512, Rope = 64, Tokens = 3;

    public static readonly IReadOnlyList<KernelCheck> All =
    [
        new("dsa_index_scores", "f16", 1e-5, [70, 1000, 33000], IndexScores),
        new("dsa_topk", "exact", 0, [100, 5000, 131072], TopK),
        new("dsa_mla_f16", "f16", 1e-5, [40, 3000, 40000], Mla),
    ];

    static float F16(float x) => HalfConvert.HalfToSingle(HalfConvert.SingleToHalf(x));

    static CheckOutput IndexScores(CudaCheckContext c, int positions, Random rng)
    {
        int start = positions - Tokens, hd = IndexHeads * IndexDim;
        var q = CudaCheckContext.RandomFloats(rng, Tokens * hd);
        var w = CudaCheckContext.RandomFloats(rng, Tokens * IndexHeads);
        var (bits, k) = CheckInputs.Cache(GgmlType.F16, CudaCheckContext.RandomFloats(rng, positions * IndexDim));
        float scale = 1f / MathF.Sqrt(hd);
        var qb = q.Select(F16).ToArray();
        var expected = new List<float>();
        for (int t = 0; t < Tokens; t++)
            for (int s = 0; s <= start + t; s++)
            {
                float sum = 0f;
                for (int h = 0; h < IndexHeads; h++)
                {
                    float dot = 0f;
                    for (int ch = 0; ch < IndexDim; ch++) dot += qb[t * hd + h * IndexDim + ch] * k[s * IndexDim + ch];
                    sum += scale * w[t * IndexHeads + h] * MathF.Max(dot, 0f);
                }
                expected.Add(sum);
            }
        var shape = new DsaIndexShape(Tokens, IndexHeads, IndexDim, start, positions, positions);
        var scores = c.Poisoned<float>((long)Tokens * positions);
        DsaIndexLauncher.Run(c.Kernels, c.Stream, shape, c.Input<float>(q).Pointer, c.Input<float>(w).Pointer, c.Input<ushort>(bits).Pointer,
            scores.Pointer, scale);
        var all = c.Read(scores);
        var actual = new List<float>();
        for (int t = 0; t < Tokens; t++) actual.AddRange(all.AsSpan(t * positions, start + t + 1).ToArray());
        return new($"S={positions} T={Tokens} Hi={IndexHeads} Di={IndexDim}", [.. expected], [.. actual]);
    }

    /// <summary>Scores of a ReLU-weighted sum: a third exact zeros (either sign), values from a small set (ties), one NaN.</summary>
    static CheckOutput TopK(CudaCheckContext c, int positions, Random rng)
    {
        int start = positions - Tokens, topK = Math.Min(2048, positions / 4);
        var scores = new float[Tokens * positions];
        for (int i = 0; i < scores.Length; i++)
            scores[i] = rng.Next(3) == 0 ? (rng.Next(2) == 0 ? 0f : -0f) : rng.Next(4) == 0 ? rng.Next(8) * 0.25f : (float)rng.NextDouble() * 4f - 1f;
        scores[rng.Next(positions)] = float.NaN;
        var sel = new int[Tokens * topK];
        var n = new int[Tokens];
        var selected = new int[topK];
        for (int t = 0; t < Tokens; t++)
        {
            n[t] = TopPositions.Select(scores.AsSpan(t * positions, start + t + 1), topK, selected);
            selected.AsSpan(0, n[t]).CopyTo(sel.AsSpan(t * topK));
        }
        var dsel = c.Poisoned<int>(sel.Length);
        var dn = c.Poisoned<int>(n.Length);
        DsaTopKLauncher.Run(c.Kernels, c.Stream, Tokens, positions, start, topK, c.Input<float>(scores).Pointer, dsel.Pointer, dn.Pointer);
        return new($"S={positions} T={Tokens} K={topK}", Lists(sel, n, topK), Lists(c.Read(dsel), c.Read(dn), topK));
    }

    static CheckOutput Mla(CudaCheckContext c, int positions, Random rng)
    {
        int row = Latent + Rope, topK = Math.Min(2048, positions);
        var (bits, cache) = CheckInputs.Cache(GgmlType.F16, CudaCheckContext.RandomFloats(rng, positions * row));
        var q = CudaCheckContext.RandomFloats(rng, Tokens * Heads * row, 0.1f);
        var sel = new int[Tokens * topK];
        var n = new int[Tokens];
        for (int t = 0; t < Tokens; t++)
        {
            n[t] = Math.Max(1, topK - 5 * t);
            var chosen = Enumerable.Range(0, positions).OrderBy(_ => rng.Next()).Take(n[t]).Order().ToArray();
            chosen.CopyTo(sel, t * topK);
        }
        float scale = 1f / MathF.Sqrt(192);
        var expected = new float[Tokens * Heads * Latent];
        for (int t = 0; t < Tokens; t++)
            for (int h = 0; h < Heads; h++)
            {
                var e = new double[n[t]];
                for (int j = 0; j < n[t]; j++)
                {
                    double dot = 0;
                    for (int ch = 0; ch < row; ch++) dot += DsaReferences.RoundF16Mantissa(q[(t * Heads + h) * row + ch]) * cache[sel[t * topK + j] * row + ch];
                    e[j] = dot * scale;
                }
                double m = e.Max(), sum = 0;
                for (int j = 0; j < e.Length; j++) { e[j] = Math.Exp(e[j] - m); sum += e[j]; }
                for (int ch = 0; ch < Latent; ch++)
                {
                    double acc = 0;
                    for (int j = 0; j < e.Length; j++) acc += e[j] * cache[sel[t * topK + j] * row + ch];
                    expected[(t * Heads + h) * Latent + ch] = (float)(acc / sum);
                }
            }
        var shape = new DsaMlaShape(Tokens, Heads, Latent, Rope, topK);
        var o = c.Poisoned<float>(expected.Length);
        DsaMlaLauncher.Run(c.Kernels, c.Stream, shape, c.Input<float>(q).Pointer, c.Input<ushort>(bits).Pointer, c.Input<int>(sel).Pointer,
            c.Input<int>(n).Pointer, o.Pointer, scale);
        return new($"S={positions} T={Tokens} H={Heads} R={Latent}+{Rope} K={topK}", expected, c.Read(o));
    }

    /// <summary>Per token: its count, then its positions (entries past a list's count are not outputs).</summary>
    static float[] Lists(int[] sel, int[] n, int k)
    {
        var x = new List<float>();
        for (int i = 0; i < n.Length; i++)
        {
            x.Add(n[i]);
            for (int j = 0; j < Math.Clamp(n[i], 0, k); j++) x.Add(sel[i * k + j]);
        }
        return [.. x];
    }
}
