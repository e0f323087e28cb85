using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Backends.Cuda.Kernels.Reference;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;
using LongDoc.Runtime.Tests.Backends.Cuda.Kernels;

namespace LongDoc.Runtime.Tests.Backends.Cuda;

/// <summary>
/// Where CudaBackend runs each block-sparse call (its kernels or the CPU op, by <see cref="CudaRouting.SparseOnCpu"/>),
/// and the shapes and trace counts its device path computes, checked without a GPU.
/// </summary>
public sealed class CudaSparseRoutingTests
{
    const int Sms = 132; // H200

    static SparseRoute Route(int tokens, int heads = 32, int kvHeads = 4, int dk = 128, int dv = 128, int block = 64,
        KvCacheType cache = KvCacheType.F16, bool mass = false) => new(cache, block, 512, tokens, heads, kvHeads, dk, dv, mass);

    public static TheoryData<SparseRoute, CudaPath, string?> Routes() => new()
    {
        { Route(1), CudaPath.AttentionDecode, null },
        { Route(4096), CudaPath.AttentionPrefill, null },
        { Route(2, 16, 16, 192, 128), CudaPath.AttentionPrefill, null },
        { Route(1, 16, 1, 576, 512), CudaPath.AttentionDecode, null },                          // MLA latent decode: v = k
        { Route(512, 16, 1, 576, 512), CudaPath.Cpu, CudaRouting.SparseOnCpu[5].Reason },       // MLA latent prefill
        { Route(1, cache: KvCacheType.F32), CudaPath.Cpu, CudaRouting.SparseOnCpu[0].Reason },
        { Route(8, 12, 8), CudaPath.Cpu, CudaRouting.SparseOnCpu[1].Reason },
        { Route(8, block: 0), CudaPath.Cpu, CudaRouting.SparseOnCpu[1].Reason },                // no block statistics
        { Route(1, mass: true), CudaPath.Cpu, CudaRouting.SparseOnCpu[2].Reason },
        { Route(1, dk: 32, dv: 32), CudaPath.Cpu, CudaRouting.SparseOnCpu[3].Reason },
        { Route(1, block: 16), CudaPath.AttentionDecode, null },                                // decode takes any block
        { Route(100, block: 16), CudaPath.Cpu, CudaRouting.SparseOnCpu[4].Reason },
        { Route(100, dk: 96, dv: 96), CudaPath.Cpu, CudaRouting.SparseOnCpu[5].Reason },
        { new SparseRoute(KvCacheType.F16, 1, 50_000, 1, 32, 4, 128, 128, false), CudaPath.Cpu, CudaRouting.SparseOnCpu[6].Reason },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void SparseAttention_CallShape_RoutedToTheKernelOrCpuWithReason(SparseRoute route, CudaPath expected, string? reason)
    {
        Assert.Equal(expected, CudaRouting.SparseAttention(route));
        Assert.Equal(reason, CudaRouting.SparseCpuReason(route));
    }

    [Fact]
    public void SparseOnCpu_EveryRow_IsTheReasonOfSomeRoute()
    {
        var reasons = Routes().Select(r => (string?)r[2]).ToHashSet();
        Assert.All(CudaRouting.SparseOnCpu, row => Assert.Contains(row.Reason, reasons));
    }

    [Fact]
    public void RouteOf_LatentCall_ValueWidthIsTheRankAndMassOnlyWithATrace()
    {
        using var cache = new KvCache(1, 256, 1, 576, 0, KvCacheType.F16, 64);
        var options = new SparseAttentionOptions { ExplainMass = true };
        var call = new SparseAttentionCall(cache, 0, 100, 1, 16, 0.1f, 512, options, null);
        Assert.Equal(new SparseRoute(KvCacheType.F16, 64, 4, 1, 16, 1, 576, 512, false), SparseRoute.Of(call));
        Assert.True(SparseRoute.Of(call with { Trace = new AttentionTrace(1) }).Mass);
        Assert.Equal(CudaPath.AttentionDecode, CudaRouting.SparseAttention(SparseRoute.Of(call)));
    }

    public static TheoryData<BenchModelShape> Models()
    {
        var data = new TheoryData<BenchModelShape>();
        foreach (var m in BenchModelShape.All) data.Add(m);
        return data;
    }

    /// <summary>Every launch of the device sparse path for a bench model at 32k context with the default options:
    /// selection, prefill (unaligned chunks) and decode; MLA calls on the latent cache (Dk = R+Pe, values R).</summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void SparseLaunches_BenchModelAt32k_FitSm80AndSm90(BenchModelShape m)
    {
        int ctx = BenchModelShape.Context;
        int kvHeads = m.Mla ? 1 : m.Hkv, dk = m.Mla ? m.Latent + m.Rope : m.Dh, dv = m.Mla ? 0 : m.Dh, latent = m.Mla ? m.Latent : 0;
        using var cache = new KvCache(1, ctx, kvHeads, dk, dv, KvCacheType.F16, BenchModelShape.Block);
        var options = new SparseAttentionOptions();
        var configs = new List<LaunchConfig>();
        foreach (var (start, tokens) in new[] { (0, 4096), (ctx - 4096, 4096), (1000, 517), (ctx - 1, 1), (5000, 1) })
        {
            var call = new SparseAttentionCall(cache, 0, start, tokens, m.H, 0.1f, latent, options, null);
            var path = CudaRouting.SparseAttention(SparseRoute.Of(call));
            if (path == CudaPath.Cpu)
            {
                Assert.True(m.Mla && tokens > 1, $"{m} T={tokens}: {CudaRouting.SparseCpuReason(SparseRoute.Of(call))}");
                continue;
            }
            var select = DeviceAttention.SelectShape(call);
            configs.Add(BlockSelectLauncher.Configure(select));
            configs.Add(BlockStatsLauncher.Configure(kvHeads, dk, select.BlockSize, start + tokens, start / select.BlockSize, select.BlockCapacity, GgmlTypeOf(cache)));
            if (path == CudaPath.AttentionPrefill)
                configs.Add(AttentionPrefillLauncher.Configure(new(tokens, m.H, kvHeads, dk, dv, select.BlockSize, ctx, start, select.MaxSelected, GgmlTypeOf(cache))));
            else
            {
                var s = DeviceAttention.DecodeShape(call, select.MaxSelected, Sms);
                Assert.Equal((start + 1, m.Mla ? dk : dv), (s.Positions, s.ValueStride));
                configs.Add(AttentionDecodeLauncher.Configure(s));
                configs.Add(AttentionMergeLauncher.Configure(m.H, s.Splits, s.ValueDim));
            }
        }
        Assert.Contains(configs, c => c.Entry == "block_select");
        foreach (var limits in new[] { DeviceLimits.Sm80, DeviceLimits.Sm90 })
        {
            var bad = configs.Select(c => (c, p: limits.Problems(c))).Where(x => x.p.Count > 0).Select(x => $"{x.c}: {string.Join("; ", x.p)}").ToList();
            Assert.True(bad.Count == 0, $"{m} on {limits.Name}:\n{string.Join("\n", bad)}");
        }
    }

    static LongDoc.Runtime.Weights.GgmlType GgmlTypeOf(KvCache cache) => CudaRouting.CacheOnDevice[cache.Type];

    [Theory]
    [InlineData(37, 150)]
    [InlineData(203, 1)]
    public void TraceCounts_ReferenceSelection_EqualTheCpuOpsTrace(int start, int tokens)
    {
        const int heads = 4, kvHeads = 2, dk = 16, block = 8;
        var rng = new Random(start + tokens);
        float[] Rand(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1))];
        int positions = start + tokens;
        using var cache = new KvCache(1, positions, kvHeads, dk, dk, KvCacheType.F16, block);
        cache.Store(0, 0, positions, Rand(positions * kvHeads * dk), Rand(positions * kvHeads * dk));
        var q = Rand(tokens * heads * dk);
        var trace = new AttentionTrace(1);
        var options = new SparseAttentionOptions { Block = block, Window = 16, Budget = 48, DenseBelowBudget = false };
        var call = new SparseAttentionCall(cache, 0, start, tokens, heads, 0.25f, 0, options, trace);
        using (var cpu = new CpuBackend(1)) cpu.SparseAttention(call, q, new float[tokens * heads * dk]);

        var s = DeviceAttention.SelectShape(call);
        var k = new float[kvHeads * positions * dk];
        for (int h = 0; h < kvHeads; h++)
            for (int p = 0; p < positions; p++) cache.ReadKey(0, h, p, k.AsSpan((h * positions + p) * dk, dk));
        int nb = s.BlockCapacity;
        var (kmin, kmax, ksum) = (new float[kvHeads * nb * dk], new float[kvHeads * nb * dk], new float[kvHeads * nb * dk]);
        BlockSelectionReference.Stats(k, kmin, kmax, ksum, kvHeads, positions, dk, block, positions, 0, nb);
        var sel = new int[s.QueryBlocks * kvHeads * s.MaxSelected];
        var counts = new int[s.QueryBlocks * kvHeads];
        BlockSelectionReference.Select(s, q, kmin, kmax, ksum, sel, counts);

        var (read, visible) = DeviceAttention.TraceCounts(counts, s);
        var layer = trace.Layers[0];
        Assert.Equal((layer.BlocksRead, layer.BlocksTotal), (read, visible));
        Assert.True(read < visible);
    }
}
