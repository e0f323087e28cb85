using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Tests.Backends.Cuda;

/// <summary>Where CudaBackend runs DeepSeek Sparse Attention's selection and gathered MLA (the kernels, or the layer's
/// host code, by <see cref="CudaRouting.DsaSelectOnCpu"/> and <see cref="CudaRouting.DsaAttentionOnCpu"/>), and the
/// launch shapes at V3.2's widths, checked without a GPU.</summary>
public sealed class CudaDsaRoutingTests
{
    public static TheoryData<DsaSelectRoute, string?> SelectRoutes() => new()
    {
        { new(KvCacheType.F16, 64, 128, 131_072, 2048), null },                                  // V3.2 at 128k
        { new(KvCacheType.F16, 4, 32, 100, 16), null },                                          // padded to 16 x 32
        { new(KvCacheType.F32, 64, 128, 4096, 2048), CudaRouting.DsaSelectOnCpu[0].Reason },
        { new(KvCacheType.F16, 0, 128, 4096, 2048), CudaRouting.DsaSelectOnCpu[1].Reason },
        { new(KvCacheType.F16, 1024, 128, 4096, 2048), CudaRouting.DsaSelectOnCpu[2].Reason },
    };

    [Theory]
    [MemberData(nameof(SelectRoutes))]
    public void DsaSelectCpuReason_Route_FirstApplyingRowOrDevice(DsaSelectRoute route, string? reason) =>
        Assert.Equal(reason, CudaRouting.DsaSelectCpuReason(route));

    public static TheoryData<DsaAttentionRoute, string?> AttentionRoutes() => new()
    {
        { new(KvCacheType.F16, 128, 512, 64, 2048), null },
        { new(KvCacheType.F32, 128, 512, 64, 2048), CudaRouting.DsaAttentionOnCpu[0].Reason },
        { new(KvCacheType.F16, 0, 512, 64, 2048), CudaRouting.DsaAttentionOnCpu[1].Reason },
        { new(KvCacheType.F16, 128, 512, 64, 60_000), CudaRouting.DsaAttentionOnCpu[2].Reason },
    };

    [Theory]
    [MemberData(nameof(AttentionRoutes))]
    public void DsaAttentionCpuReason_Route_FirstApplyingRowOrDevice(DsaAttentionRoute route, string? reason) =>
        Assert.Equal(reason, CudaRouting.DsaAttentionCpuReason(route));

    [Fact]
    public void IndexLaunch_V32At32k_OneCtaPer64PositionsAndToken()
    {
        var c = DsaIndexLauncher.Configure(new DsaIndexShape(4, 64, 128, 32_764, 32_768, 32_768));
        Assert.Equal(Dim3.Of(512, 4), c.Grid);
        Assert.Equal((64 + 64) * 136 * 2 + 64 * 4, c.DynamicSharedBytes);
        DeviceLimits.Sm80.Check(c);
    }

    [Fact]
    public void TopKLaunch_PositionsPastTheRowStride_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => DsaTopKLauncher.Configure(tokens: 2, ld: 100, start: 99, topK: 16));
        Assert.Contains("dsa_topk.cu", e.Message);
    }

    [Fact]
    public void MlaLaunch_V32Prefill_GridHeadsByTokensSharedRowAndList()
    {
        var c = DsaMlaLauncher.Configure(new DsaMlaShape(512, 128, 512, 64, 2048));
        Assert.Equal(Dim3.Of(128, 512), c.Grid);
        Assert.Equal((576 + 2048) * 4, c.DynamicSharedBytes);
        DeviceLimits.Sm80.Check(c);
    }
}
