using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda.Kernels.Checks;
using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Backends.Cuda.Simulated;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Simulated;

/// <summary>
/// <see cref="CudaBackend.TrySelect"/> on the simulated device against the CPU's selection (f16 keys, q rounded to f16
/// as the CPU's f16 matmul rounds it, <see cref="TopPositions"/>), including after the host keys were rewritten behind
/// the device mirror (a restored document cache), and declined for F32 keys.
/// </summary>
public sealed class SimulatedDsaSelectTests
{
    const int Heads = 8, Dim = 32, TopK = 16, Positions = 150;

    [Fact]
    public void TrySelect_F16Keys_EqualsCpuSelectionAlsoAfterTheHostKeysChanged()
    {
        using var backend = CudaBackend.OpenSimulated(threads: 1);
        using var cache = new IndexKeyCache([true], 200, Dim, KvCacheType.F16);
        var rng = new Random(7);
        var q = Random(rng, Heads * Dim);
        var w = Random(rng, Heads);
        foreach (int round in new[] { 0, 1 })
        {
            cache.Store(0, 0, Positions, Random(rng, Positions * Dim));       // round 1 rewrites every key
            var selected = new int[TopK];
            var counts = new int[1];
            Assert.True(backend.TrySelect(new DsaSelectCall(cache, 0, Positions - 1, 1, Heads, TopK, 0.5f), q, w, selected, counts));
            Assert.Equal(TopK, counts[0]);
            Assert.Equal(CpuSelection(cache, q, w, 0.5f), selected);
        }
        Assert.Equal(2, ((SimulatedDevice)backend.Device.Layer).Launches["dsa_topk"]);
    }

    /// <summary>The reference walks dsa_topk.cu's radix passes; at 5000 scores with exact ties, signed zeros and a NaN
    /// (the self-test's inputs) its lists equal TopPositions'.</summary>
    [Fact]
    public void TopKCheck_5000ScoresWithTies_RadixSelectEqualsTopPositions()
    {
        using var backend = CudaBackend.OpenSimulated(threads: 1);
        using var cpu = new CpuBackend(1);
        using var context = new CudaCheckContext(backend.Device, backend.Kernels, backend.Stream, cpu);
        var check = DsaChecks.All.Single(k => k.Name == "dsa_topk") with { Sizes = [5000] };
        var r = Assert.Single(SelfTestRunner.Run(context, [check], seed: 3));
        Assert.True(r.Passed, $"{r.Shape}: {r.RelativeL2:E2} {r.Error}");
    }

    [Fact]
    public void TrySelect_F32Keys_Declined()
    {
        using var backend = CudaBackend.OpenSimulated(threads: 1);
        using var cache = new IndexKeyCache([true], 200, Dim, KvCacheType.F32);
        var counts = new int[1];
        Assert.False(backend.TrySelect(new DsaSelectCall(cache, 0, 20, 1, Heads, TopK, 1f), new float[Heads * Dim], new float[Heads], new int[TopK], counts));
        Assert.Equal(0, counts[0]);
    }

    static unsafe int[] CpuSelection(IndexKeyCache cache, float[] q, float[] w, float scale)
    {
        var scores = new float[Positions];
        for (int s = 0; s < Positions; s++)
        {
            var k = new ReadOnlySpan<Half>(cache.Key(0, s), Dim);
            for (int h = 0; h < Heads; h++)
            {
                float dot = 0f;
                for (int c = 0; c < Dim; c++) dot += (float)(Half)q[h * Dim + c] * (float)k[c];
                scores[s] += w[h] * scale * MathF.Max(dot, 0f);
            }
        }
        var selected = new int[TopK];
        TopPositions.Select(scores, TopK, selected);
        return selected;
    }

    static float[] Random(Random rng, int n) => [.. Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1))];
}
