using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

/// <summary>
/// A planted needle at 32k context, at the op level with the default settings (block 64, budget 4096, window 1024):
/// random keys everywhere, except one far block whose keys point along the query direction u. Dense attention puts
/// nearly all its mass there; the sparse path must select that block and then give nearly the dense output.
/// </summary>
public sealed class SparseAttentionNeedleTests
{
    const int Context = 32768, Heads = 2, Dk = 64, Needle = 5000;   // needle tokens: block 78 of 512, far before the window

    static (KvCache Cache, float[] Query) Haystack(int tokens)
    {
        var rng = new Random(21);
        var u = Enumerable.Range(0, Dk).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float norm = MathF.Sqrt(u.Sum(x => x * x));
        for (int i = 0; i < Dk; i++) u[i] /= norm;
        var cache = new KvCache(1, Context, 1, Dk, Dk, KvCacheType.F16, 64);
        var k = new float[Context * Dk];
        var v = new float[Context * Dk];
        for (int p = 0; p < Context; p++)
        {
            bool needle = p / 64 == Needle / 64;
            for (int i = 0; i < Dk; i++)
            {
                k[p * Dk + i] = needle ? 8 * u[i] + (float)(rng.NextDouble() - 0.5) * 0.1f : (float)(rng.NextDouble() * 2 - 1) * 0.5f;
                v[p * Dk + i] = needle ? (i % 2 == 0 ? 1 : -1) : (float)(rng.NextDouble() * 2 - 1);
            }
        }
        cache.Store(0, 0, Context, k, v);
        var q = new float[tokens * Heads * Dk];
        for (int j = 0; j < tokens * Heads; j++)
            for (int i = 0; i < Dk; i++) q[j * Dk + i] = 16 * u[i] + (float)(rng.NextDouble() - 0.5) * 0.2f;
        return (cache, q);
    }

    [Theory]
    [InlineData(1)]    // decode at the last position
    [InlineData(64)]   // prefill of the last query block
    public void SparseAttention_NeedleFarBeforeWindow_SelectedAndCloseToDense(int tokens)
    {
        var (cache, q) = Haystack(tokens);
        using (cache)
        {
            int start = Context - tokens;
            var options = new SparseAttentionOptions { DenseLayers = [], ExplainMass = true };
            var call = new SparseAttentionCall(cache, 0, start, tokens, Heads, 1f / 8, 0, options, new AttentionTrace(1));
            using var backend = new CpuBackend(2);
            var sparse = new float[tokens * Heads * Dk];
            backend.SparseAttention(call, q, sparse);
            var dense = new float[sparse.Length];
            backend.Attention(q, cache, 0, start, tokens, Heads, dense);

            var selections = new List<int[]>();
            SparseAttentionReference.Run(call with { Tokens = 1, Trace = null }, q, new float[Heads * Dk], selections);
            Assert.All(selections, s => Assert.Contains(Needle / 64, s));
            Assert.All(selections, s => Assert.Equal(4096 / 64, s.Length));
            var stats = call.Trace!.Layers[0];
            Assert.InRange(stats.MeanMass, 0.99, 1.0);
            Assert.InRange(SparseAttentionOpTests.RelativeL2(dense, sparse), 0, 1e-2);
        }
    }
}
