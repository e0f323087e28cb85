using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

/// <summary>The CPU backend's DSA prefill attention (gathered positions, a token per chunk, online softmax) against the
/// token-by-token ops it replaces (<see cref="GatheredLatentAttention"/>: MatMul of the gathered rows, Softmax,
/// WeightedRowSum).</summary>
public class GatheredAttentionJobTests
{
    [Theory]
    [InlineData(KvCacheType.F32, 16, 128, 16)]
    [InlineData(KvCacheType.F16, 16, 128, 16)]
    [InlineData(KvCacheType.F16, 6, 72, 8)]   // heads and latent off the 4 x 64 tiles, selections off the 4-row tiles
    public void GatheredAttention_Prompt_SameAsTokenByToken(KvCacheType type, int heads, int r, int pe)
    {
        const int P = 400, TopK = 150, Tokens = 9;
        int row = r + pe;
        var rng = new Random(4);
        using var cache = new KvCache(1, P, 1, row, 0, type);
        cache.Store(0, 0, P, KernelData.Floats(rng, P * row), ReadOnlySpan<float>.Empty);
        var d = new DsaScratch(new DsaIndexer(4, 32, TopK), heads, row, Tokens, P);
        for (int t = 0; t < Tokens; t++)
        {
            int count = t == 0 ? 3 : TopK - t;   // a short selection too
            var chosen = Enumerable.Range(0, P).OrderBy(_ => rng.Next()).Take(count).Order().ToArray();
            chosen.CopyTo(d.Selected, t * d.TopK);
            d.Counts[t] = count;
        }
        var qc = KernelData.Floats(rng, Tokens * heads * row, 0.3f);
        const float Scale = 0.07f;
        using var cpu = new CpuBackend(2);
        var batch = new float[Tokens * heads * r];
        Assert.True(cpu.TryGatheredAttention(new DsaAttentionCall(cache, 0, P, Tokens, heads, r, TopK, Scale), qc, d.Selected, d.Counts, batch));
        var single = new float[Tokens * heads * r];
        for (int t = 0; t < Tokens; t++)
            GatheredLatentAttention.Forward(cpu, cache, 0, qc.AsSpan(t * heads * row, heads * row), d.Selection(t), heads, Scale, r, d,
                single.AsSpan(t * heads * r, heads * r));
        // the online softmax rescales as it goes: float rounding apart, relative to the largest value
        float scale = batch.Max(MathF.Abs);
        for (int i = 0; i < batch.Length; i++) Assert.True(MathF.Abs(single[i] - batch[i]) <= 2e-6f * scale, $"value {i}: {single[i]} vs {batch[i]}");
        Assert.Contains(batch, v => v != 0);
    }
}
