using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Interop;
using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tests.Backends.Cuda.Kernels;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Backends.Cuda;

/// <summary>
/// Which kernel (or the CPU) CudaBackend picks per op call, and the launch shapes it computes for the bench models,
/// checked without a GPU: a route to a kernel that cannot take the shape shows up here, not at the first launch.
/// </summary>
public sealed class CudaRoutingTests
{
    const int Sms = 132; // H200

    [Theory]
    [InlineData(GgmlType.BF16, 2048, 1, CudaPath.Gemv)]
    [InlineData(GgmlType.F16, 2048, 8, CudaPath.Gemv)]
    [InlineData(GgmlType.F16, 2048, 9, CudaPath.Gemm)]
    [InlineData(GgmlType.Q8_0, 64, 512, CudaPath.Gemm)]
    [InlineData(GgmlType.Q4_K, 2048, 1, CudaPath.Gemv)]
    [InlineData(GgmlType.Q4_K, 1408, 512, CudaPath.Cpu)]    // Q4_K kernels step 256 inputs at a time
    [InlineData(GgmlType.Q8_0, 48, 1, CudaPath.Cpu)]        // not a whole number of 32-value blocks
    [InlineData(GgmlType.F32, 2048, 512, CudaPath.Cpu)]
    [InlineData(GgmlType.Q4_0, 2048, 1, CudaPath.Gemv)]
    [InlineData(GgmlType.Q5_K, 2048, 512, CudaPath.Gemm)]
    [InlineData(GgmlType.Q6_K, 2048, 1, CudaPath.Gemv)]
    [InlineData(GgmlType.Q6_K, 1408, 1, CudaPath.Cpu)]      // 256-value blocks: llama.cpp writes Q5_0/Q8_0 there instead
    [InlineData(GgmlType.Q5_0, 1408, 1, CudaPath.Gemv)]     // V2-Lite's expert width, Q4_K_M's fallback
    [InlineData(GgmlType.Q5_1, 10944, 512, CudaPath.Gemm)]  // V2-Lite's dense width, Q5_K_M's fallback
    [InlineData(GgmlType.IQ4_NL, 1408, 9, CudaPath.Gemm)]
    [InlineData(GgmlType.Q2_K, 2048, 1, CudaPath.Gemv)]
    [InlineData(GgmlType.IQ2_XXS, 2048, 1, CudaPath.Gemv)]
    [InlineData(GgmlType.IQ1_M, 7168, 512, CudaPath.Gemm)]
    [InlineData(GgmlType.IQ3_S, 1408, 1, CudaPath.Cpu)]     // 256-value blocks
    public void MatMul_TypeWidthAndBatch_RoutedToTheKernelOrCpu(GgmlType type, int inputWidth, int tokens, CudaPath expected) =>
        Assert.Equal(expected, CudaRouting.MatMul(type, inputWidth, tokens));

    [Fact]
    public void MatMulTable_DeviceTypes_AreExactlyTheKernelWeightTypes()
    {
        var onDevice = CudaRouting.MatMulOnDevice.Where(p => p.Value).Select(p => p.Key).Order();
        Assert.Equal(KernelTypes.WeightTypes.Order(), onDevice);
        Assert.All(CudaRouting.MatMulOnDevice.Where(p => !p.Value), p => Assert.Throws<ArgumentException>(() => KernelTypes.WeightSuffix(p.Key)));
    }

    [Theory]
    [InlineData(KvCacheType.F16, 1, 32, 4, 128, 128, CudaPath.AttentionDecode)]
    [InlineData(KvCacheType.F16, 1, 16, 16, 192, 128, CudaPath.AttentionDecode)]
    [InlineData(KvCacheType.F16, 2, 32, 4, 128, 128, CudaPath.AttentionPrefill)]
    [InlineData(KvCacheType.F16, 512, 16, 4, 64, 64, CudaPath.AttentionPrefill)]
    [InlineData(KvCacheType.F16, 512, 16, 16, 192, 128, CudaPath.AttentionPrefill)]
    [InlineData(KvCacheType.F16, 512, 4, 2, 32, 32, CudaPath.Cpu)]       // no prefill entry point for 32-wide heads
    [InlineData(KvCacheType.F16, 1, 4, 2, 32, 32, CudaPath.Cpu)]         // decode widths are multiples of 64
    [InlineData(KvCacheType.F16, 1, 16, 1, 576, 0, CudaPath.Cpu)]        // MLA latent cache: no values of its own
    [InlineData(KvCacheType.F16, 512, 12, 8, 128, 128, CudaPath.Cpu)]    // heads do not share KV heads evenly
    [InlineData(KvCacheType.F32, 1, 32, 4, 128, 128, CudaPath.Cpu)]      // the mirror is a byte copy of a 16-bit cache
    public void Attention_CacheAndWidths_RoutedToTheKernelOrCpu(KvCacheType cache, int tokens, int heads, int kvHeads, int dk, int dv, CudaPath expected) =>
        Assert.Equal(expected, CudaRouting.Attention(cache, tokens, heads, kvHeads, dk, dv));

    [Fact]
    public void FillDense_ThreeListsOfFive_EveryBlockInOrder()
    {
        var sel = new int[15];
        var nsel = new int[3];
        CudaRouting.FillDense(sel, nsel, 3, 5);
        Assert.Equal([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4], sel);
        Assert.Equal([5, 5, 5], nsel);
    }

    [Fact]
    public void PrefillShape_ChunkAfterPrefix_SelectsEveryBlockUpToTheLastPosition()
    {
        var s = CudaRouting.PrefillShape(100, 32, 4, 128, 128, 1000, 4096);
        Assert.Equal(KernelTypes.CeilDiv(1100, CudaRouting.Block), s.MaxSelected);
        Assert.Equal(3, s.QueryBlocks);   // position-aligned: 1000..1023, 1024..1087, 1088..1099
        Assert.Equal((GgmlType.F16, 1000, 4096), (s.CacheType, s.Start, s.Capacity));
    }

    [Fact]
    public void DecodeShape_FirstPosition_OneBlockOneSplit()
    {
        var s = CudaRouting.DecodeShape(32, 4, 128, 128, 1, 4096, Sms);
        Assert.Equal((1, 1), (s.MaxSelected, s.Splits));
    }

    public static TheoryData<BenchModelShape> Models()
    {
        var data = new TheoryData<BenchModelShape>();
        foreach (var m in BenchModelShape.All) data.Add(m);
        return data;
    }

    /// <summary>What CudaBackend launches for one bench model: the routed matmuls of every weight type (q/k/v/o, dense
    /// FFN, LM head), norms, rope and dense attention at 32k context.</summary>
    static IEnumerable<LaunchConfig> Routed(BenchModelShape m)
    {
        int ctx = BenchModelShape.Context;
        var matmuls = new[] { (m.D, m.H * m.KeyDim), (m.H * m.ValDim, m.D), (m.D, m.F), (m.F, m.D), (m.D, m.V) };
        foreach (var type in CudaRouting.MatMulOnDevice.Keys)
            foreach (int t in new[] { 1, 8, 9, 4096 })
                foreach (var (k, n) in matmuls)
                {
                    var path = CudaRouting.MatMul(type, k, t);
                    if (path == CudaPath.Gemv) yield return GemvLauncher.Configure(t, k, n, type);
                    else if (path == CudaPath.Gemm) yield return GemmLauncher.Configure(t, k, n, type);
                }
        foreach (int t in new[] { 1, 512, 4096 })
        {
            yield return RmsNormLauncher.Configure(t, m.D);
            if (!m.Mla) yield return RopeLauncher.Configure(t, m.H, m.Dh);
            foreach (int start in new[] { 0, ctx - t })
            {
                var path = CudaRouting.Attention(KvCacheType.F16, t, m.H, m.KvHeads, m.KeyDim, m.ValDim);
                if (path == CudaPath.AttentionPrefill)
                    yield return AttentionPrefillLauncher.Configure(CudaRouting.PrefillShape(t, m.H, m.KvHeads, m.KeyDim, m.ValDim, start, ctx));
                else if (path == CudaPath.AttentionDecode)
                {
                    var s = CudaRouting.DecodeShape(m.H, m.KvHeads, m.KeyDim, m.ValDim, start + 1, ctx, Sms);
                    yield return AttentionDecodeLauncher.Configure(s);
                    yield return AttentionMergeLauncher.Configure(m.H, s.Splits, m.ValDim);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void RoutedLaunches_BenchModelAt32k_FitSm80AndSm90(BenchModelShape model)
    {
        var configs = Routed(model).ToList();
        Assert.Contains(configs, c => c.Entry.StartsWith("gemm_"));
        Assert.Contains(configs, c => c.Entry.StartsWith("gemv_"));
        Assert.Contains(configs, c => c.Entry.StartsWith("attn_prefill_f16_"));
        Assert.Contains(configs, c => c.Entry == "attn_decode_f16");
        foreach (var limits in new[] { DeviceLimits.Sm80, DeviceLimits.Sm90 })
        {
            var bad = configs.Select(c => (c, p: limits.Problems(c))).Where(x => x.p.Count > 0).Select(x => $"{x.c}: {string.Join("; ", x.p)}").ToList();
            Assert.True(bad.Count == 0, $"{model} on {limits.Name}:\n{string.Join("\n", bad)}");
        }
    }

    [Fact]
    public void Open_WithoutDevice_ThrowsCudaUnavailableOrOpensOnAGpu()
    {
        try
        {
            using var backend = CudaBackend.Open(threads: 1);
            Assert.Equal("cuda", backend.Name);   // a machine with a GPU
        }
        catch (CudaUnavailableException e)
        {
            Assert.NotEmpty(e.LikelyCauses);
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }

    [Fact]
    public void OpsLists_EveryIBackendOpNamed_DeviceOpsAreMethods()
    {
        // IBackend's ops and those of the optional interfaces CudaBackend implements (IExpertBackend, ...)
        var ops = typeof(CudaBackend).GetInterfaces().SelectMany(i => i.GetMethods()).Where(m => !m.IsSpecialName).Select(m => m.Name)
            .Where(n => n is not ("Prepare" or "Dispose")).ToHashSet();
        Assert.Subset(CudaBackend.DeviceOps.Concat(CudaBackend.CpuOps).ToHashSet(), ops);
        Assert.Subset(ops, CudaBackend.DeviceOps.ToHashSet());
        Assert.Subset(ops, CudaBackend.CpuOps.ToHashSet());
        Assert.Contains(nameof(IBackend.StoreKv), CudaBackend.CpuOps);
        Assert.DoesNotContain(nameof(IBackend.StoreKv), CudaBackend.DeviceOps);
    }
}
