using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Kernels;

/// <summary>
/// Every launcher's grid, block and shared memory fit sm_80 and sm_90 for the bench models at 32k context, checked
/// without a GPU. A configuration the driver would refuse shows up here instead of at the first launch on a device.
/// </summary>
public sealed class LaunchConfigTests
{
    const int Sms = 132; // H200

    public static TheoryData<BenchModelShape> Models()
    {
        var data = new TheoryData<BenchModelShape>();
        foreach (var m in BenchModelShape.All) data.Add(m);
        return data;
    }

    static IEnumerable<LaunchConfig> Configs(BenchModelShape m)
    {
        int ctx = BenchModelShape.Context, b = BenchModelShape.Block, w = BenchModelShape.Window, k = BenchModelShape.BudgetBlocks;
        int ks = Math.Max(3 + w / b, k), nbCap = ctx / b;
        foreach (var cache in KernelTypes.CacheTypes)
        {
            foreach (int t in new[] { 1, 512, 4096 })
                foreach (int start in new[] { 0, ctx - t })
                {
                    yield return AttentionPrefillLauncher.Configure(new(t, m.H, m.KvHeads, m.KeyDim, m.ValDim, b, ctx, start, ks, cache));
                    yield return BlockSelectLauncher.Configure(new(t, m.H, m.KvHeads, m.KeyDim, start, b, nbCap, w, k, ks, BlockScore.Quest));
                }
            yield return BlockStatsLauncher.Configure(m.KvHeads, m.KeyDim, b, ctx, 0, nbCap, cache);
            if (m.Mla)
            {
                int splits = AttentionDecodeLauncher.SplitsFor(m.H, ks, Sms);
                yield return MlaDecodeLauncher.Configure(m.H, m.Latent, m.Rope, ctx, b, ctx, ks, splits, cache);
                yield return AttentionMergeLauncher.Configure(m.H, splits, m.Latent);
                yield return BlockSelectLauncher.Configure(new(1, m.H, 1, m.Latent + m.Rope, ctx - 1, b, nbCap, w, k, ks, BlockScore.Quest));
                yield return BlockStatsLauncher.Configure(1, m.Latent + m.Rope, b, ctx, nbCap - 1, nbCap, cache);
            }
            else
            {
                int splits = AttentionDecodeLauncher.SplitsFor(m.H, ks, Sms);
                yield return AttentionDecodeLauncher.Configure(new(m.H, m.Hkv, m.Dh, m.Dh, m.Dh, m.Dh, ctx, b, ctx, ks, splits, cache));
                yield return AttentionMergeLauncher.Configure(m.H, splits, m.Dh);
            }
        }
        foreach (var type in KernelTypes.WeightTypes)
        {
            foreach (int t in new[] { 1, 512, 4096 })
            {
                if (KernelTypes.FitsWidth(type, m.D))
                {
                    yield return GemmLauncher.Configure(t, m.D, m.V, type);
                    yield return MoeGemmLauncher.Configure(new(t * m.A, m.E, m.A, m.D, m.F, type, SwiGlu: true));
                }
                if (KernelTypes.FitsWidth(type, m.F)) yield return MoeGemmLauncher.Configure(new(t * m.A, m.E, m.A, m.F, m.D, type, SwiGlu: false));
            }
            if (KernelTypes.FitsWidth(type, m.D)) yield return GemvLauncher.Configure(1, m.D, m.V, type);
            if (m.Mla && KernelTypes.FitsWidth(type, m.Nope))
                yield return GemvLauncher.Configure(1, m.Nope, m.Latent, type, batch: m.H);   // absorb W_k^T q_nope
        }
        foreach (int t in new[] { 1, 4096 })
        {
            var router = new RouterOptions(m.A, m.Groups > 1 ? ExpertGating.Sigmoid : ExpertGating.Softmax, true, 0f, m.Groups, m.GroupsUsed);
            yield return MoeRouteLauncher.Configure(t, m.E, router);
            yield return MoePermuteLauncher.Configure(t, m.A, m.E);
            yield return MoeUnpermuteLauncher.Configure(t, m.A, m.D);
            yield return RmsNormLauncher.Configure(t, m.D);
            yield return RmsNormLauncher.Configure(t * m.H, m.KeyDim);
            yield return RopeLauncher.Configure(t, m.H, m.Mla ? m.Rope : m.Dh);
        }
        yield return SampleLauncher.Configure(m.V, 40);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Launchers_BenchModelAt32k_FitSm80AndSm90(BenchModelShape model)
    {
        var configs = Configs(model).ToList();
        Assert.True(configs.Count > 40, $"only {configs.Count} configurations for {model}");
        foreach (var limits in new[] { DeviceLimits.Sm80, DeviceLimits.Sm90 })
        {
            var bad = configs.Select(c => (c, p: limits.Problems(c))).Where(x => x.p.Count > 0).Select(x => $"{x.c}: {string.Join("; ", x.p)}").ToList();
            Assert.True(bad.Count == 0, $"{model} on {limits.Name}:\n{string.Join("\n", bad)}");
        }
    }

    [Fact]
    public void AttentionPrefill_DeepSeekHeads_SharedMemoryAbove48KiBButUnderSm80()
    {
        var c = AttentionPrefillLauncher.Configure(new(4096, 16, 16, 192, 128, 64, 32768, 0, 64, GgmlType.BF16));
        Assert.Equal("attn_prefill_bf16_192_128", c.Entry);
        Assert.Equal(2 * (2 * 64 * 200 + 128 * 72), c.DynamicSharedBytes);
        Assert.True(c.DynamicSharedBytes > 48 * 1024);    // needs the opt-in attribute
        Assert.Empty(DeviceLimits.Sm80.Problems(c));
        Assert.Equal(Dim3.Of(64, 16), c.Grid);
    }

    [Fact]
    public void DeviceLimits_SharedBetweenSm80AndSm90Limits_OnlySm80Refuses()
    {
        var c = new LaunchConfig("x.cu", "x", Dim3.Of(1), Dim3.Of(128), 200 * 1024);
        Assert.Contains(DeviceLimits.Sm80.Problems(c), p => p.Contains("shared memory"));
        Assert.Empty(DeviceLimits.Sm90.Problems(c));
        var e = Assert.Throws<ArgumentException>(() => DeviceLimits.Sm80.Check(c));
        Assert.Contains("x.cu:x", e.Message);
    }

    [Fact]
    public void DeviceLimits_GridYAbove65535_Refused()
    {
        var c = new LaunchConfig("x.cu", "x", Dim3.Of(1, 70000), Dim3.Of(1024), 0);
        Assert.Contains(DeviceLimits.Sm90.Problems(c), p => p.Contains("grid y/z"));
    }

    [Fact]
    public void AttentionPrefill_UnsupportedHeadWidth_ThrowsNamingTheWidths()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            AttentionPrefillLauncher.Configure(new(64, 8, 8, 96, 96, 64, 1024, 0, 8, GgmlType.F16)));
        Assert.Contains("(96, 96)", e.Message);
        Assert.Contains("attention_prefill.cu", e.Message);
    }

    [Fact]
    public void Gemm_Q4KWidthNotMultipleOf256_ThrowsNamingTheType()
    {
        var e = Assert.Throws<ArgumentException>(() => GemmLauncher.Configure(16, 1408, 2048, GgmlType.Q4_K));
        Assert.Contains("1408", e.Message);
        Assert.Contains("Q4_K", e.Message);
    }

    [Fact]
    public void Gemm_F32Weights_ThrowsListingTheTypesWithKernels()
    {
        var e = Assert.Throws<ArgumentException>(() => GemmLauncher.Configure(16, 1024, 1024, GgmlType.F32));
        Assert.Contains("F32", e.Message);
        Assert.Contains("Q8_0", e.Message);
    }

    [Fact]
    public void MoeGemm_Grid_CoversEveryExpertsPartialTile()
    {
        // Rows split over E experts need at most ceil(N / 64) + E tiles of 64: one partial tile per expert.
        var c = MoeGemmLauncher.Configure(new(100, 8, 2, 1024, 512, GgmlType.BF16, SwiGlu: true));
        Assert.Equal(Dim3.Of(2 + 8, 8), c.Grid);
        Assert.Equal("moe_gemm_swiglu_bf16", c.Entry);
    }

    [Fact]
    public void MoeRoute_GroupsNotDividingExperts_Throws()
    {
        Assert.Throws<ArgumentException>(() => MoeRouteLauncher.Configure(4, 60, new RouterOptions(4, Groups: 8, GroupsUsed: 2)));
    }

    [Fact]
    public void BlockSelect_ListTooSmallForWindow_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            BlockSelectLauncher.Configure(new(64, 8, 2, 64, 8192, 64, 1024, 1024, 8, 4, BlockScore.Quest)));
        Assert.Contains("sink + window", e.Message);
    }

    [Fact]
    public void DecodeSplits_FewHeadsManySms_SplitUpToTheSelectedBlocks()
    {
        Assert.Equal(17, AttentionDecodeLauncher.SplitsFor(16, 64, 132));
        Assert.Equal(3, AttentionDecodeLauncher.SplitsFor(16, 3, 132));
        Assert.Equal(1, AttentionDecodeLauncher.SplitsFor(512, 64, 132));
    }
}
