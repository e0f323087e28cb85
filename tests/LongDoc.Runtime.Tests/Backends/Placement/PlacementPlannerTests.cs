using LongDoc.Runtime.Backends.Placement;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Backends.Placement;

/// <summary>
/// The placement plan's numbers for random models, computed by hand from their shapes (F32 weights, so a matrix is
/// rows x cols x 4 bytes; F16 KV cache; 132 multiprocessors as the simulated device reports).
/// qwen3moe (the spec default): D 64, 2 layers, 4 heads / 2 KV heads of 32, 4 experts of width 32, 2 active, vocab 320.
/// Per layer: q 128x64 + k 64x64 + v 64x64 + o 64x128 + router 4x64 = 99,328 bytes; experts 3 x (4 x 32 x 64) x 4 = 98,304.
/// Output 320x64x4 = 81,920. KV per layer and position: 2 heads x (32 + 32) x 2 bytes = 256.
/// Scratch floats per token: in max(D, F, H*Dk, H*Dv, E) = 128; out max(128, A*Fe 64, V 320) = 320; routed A*(D+1) + 3A = 136;
/// attention H*(Dk+Dv) = 256: 840 (648 with the output on the host: out 128). Fixed: D + E + 1 + (2*132 + H) * (Dv + 2) = 9,181.
/// Scratch bytes = 1.5 x 4 x (T x per token + fixed).
/// </summary>
public sealed class PlacementPlannerTests : IClassFixture<PlacementPlannerTests.Models>
{
    public sealed class Models : IDisposable
    {
        readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-placement-");
        public readonly string Qwen3Moe, DeepSeek2;

        public Models()
        {
            Qwen3Moe = Path.Combine(_dir.FullName, "qwen3moe.gguf");
            RandomModelWriter.WriteGguf(new RandomModelSpec { Seed = 3 }, Qwen3Moe);
            DeepSeek2 = Path.Combine(_dir.FullName, "deepseek2.gguf");
            RandomModelWriter.WriteGguf(new RandomModelSpec { Architecture = "deepseek2", Seed = 3 }, DeepSeek2);
        }

        public void Dispose() => _dir.Delete(recursive: true);
    }

    const int Multiprocessors = 132;
    readonly Models _models;

    public PlacementPlannerTests(Models models) => _models = models;

    ModelFootprint Footprint(string path)
    {
        using var files = ModelFiles.Open(path);
        return ModelFootprint.Of(files.Config, files.Weights, KvCacheType.F16, SparseAttentionOptions.Dense, 512);
    }

    static long Scratch(int tokens, long perToken, long fix) => (long)(1.5 * 4 * (tokens * perToken + fix));

    [Fact]
    public void Qwen3MoeFootprint_RandomModel_HandComputedBytes()
    {
        var f = Footprint(_models.Qwen3Moe);
        Assert.Equal([new LayerBytes(99_328, 98_304), new LayerBytes(99_328, 98_304)], f.Layers);
        Assert.Equal(81_920, f.OutputBytes);
        Assert.Equal(81_920, f.EmbeddingBytes);
        Assert.Equal(256, f.DeviceKvBytesPerTokenPerLayer);
        Assert.Equal(840, f.ScratchFloatsPerToken(experts: true, output: true));
        Assert.Equal(648, f.ScratchFloatsPerToken(experts: true, output: false));
        Assert.Equal(9_181, f.ScratchFixedFloats(Multiprocessors));
    }

    /// <summary>2 MiB free, 1/16 kept: 1,966,080 to plan with. Both layers, experts and output: 2 x 197,632 + 81,920 = 477,184
    /// of weights, 2 x 256 x 256 = 131,072 of KV cache at context 256; the chunk is the whole context (256 tokens).</summary>
    [Fact]
    public void Qwen3MoePlan_TwoMebibytes_EverythingOnTheDeviceAtTheWholeContext()
    {
        var plan = PlacementPlanner.Plan(Footprint(_models.Qwen3Moe), null, ExpertPlacement.Gpu, 256, 512, 2 << 20, Multiprocessors);
        Assert.Equal((2, true, 256, 131_072L), (plan.DeviceLayers, plan.OutputOnDevice, plan.Batch, plan.Headroom));
        Assert.Equal(new SideBytes(477_184, 131_072, Scratch(256, 840, 9_181)), plan.Device);
        Assert.True(plan.Device.Total <= (2 << 20) - plan.Headroom);
        Assert.Equal(81_920, plan.Host.Weights);   // the embedding lookup stays on the host
    }

    /// <summary>1 MiB free (983,040 to plan with): with the output, 668,382 bytes at one token leave room for 63 more, under
    /// the 64-token floor of an automatic plan; without it (585,310 at one token, 3,888 a token more) both layers fit with
    /// chunks of 103 tokens, and the output matrix stays on the host.</summary>
    [Fact]
    public void Qwen3MoePlan_OneMebibyte_OutputOnTheHostChunksOf103()
    {
        var plan = PlacementPlanner.Plan(Footprint(_models.Qwen3Moe), null, ExpertPlacement.Gpu, 256, 512, 1 << 20, Multiprocessors);
        Assert.Equal((2, false, 103), (plan.DeviceLayers, plan.OutputOnDevice, plan.Batch));
        Assert.Equal(new SideBytes(395_264, 131_072, Scratch(103, 648, 9_181)), plan.Device);
        Assert.Equal(81_920 + 81_920, plan.Host.Weights);   // embedding and output
    }

    /// <summary>--experts cpu: the device keeps 2 x 99,328 of weights; the experts' 2 x 98,304 and the output... stay: the
    /// output goes to the device with every layer; the routed scratch (A*(D+1) + 3A) and A*Fe leave the device.</summary>
    [Fact]
    public void Qwen3MoePlan_ExpertsCpu_ExpertBytesOnTheHost()
    {
        var plan = PlacementPlanner.Plan(Footprint(_models.Qwen3Moe), null, ExpertPlacement.Cpu, 256, 512, 2 << 20, Multiprocessors);
        Assert.Equal((2, true, 256), (plan.DeviceLayers, plan.OutputOnDevice, plan.Batch));
        Assert.Equal(new SideBytes(2 * 99_328 + 81_920, 131_072, Scratch(256, 128 + 320 + 256, 9_181)), plan.Device);
        Assert.Equal(2 * 98_304 + 81_920, plan.Host.Weights);
    }

    /// <summary>--gpu-layers 1: layer 0 (197,632) with 65,536 of KV cache; the output stays on the host with layer 1.</summary>
    [Fact]
    public void Qwen3MoePlan_GpuLayersOne_FirstLayerOnTheDevice()
    {
        var plan = PlacementPlanner.Plan(Footprint(_models.Qwen3Moe), 1, ExpertPlacement.Gpu, 256, 512, 2 << 20, Multiprocessors);
        Assert.Equal((1, false, 256), (plan.DeviceLayers, plan.OutputOnDevice, plan.Batch));
        Assert.Equal(new SideBytes(197_632, 65_536, Scratch(256, 648, 9_181)), plan.Device);
        Assert.True(plan.OnDevice(0) && !plan.OnDevice(1) && plan.ExpertsOnDevice(0) && !plan.ExpertsOnDevice(1));
    }

    /// <summary>
    /// deepseek2 (the spec default): D 64, 4 heads, MLA with nope 32, rope 16, latent 32, values 32 (q 48 wide), layer 0 dense
    /// (width 64), layer 1 with 4 experts of 32 (2 active) and one shared expert. Attention: q 192x64 + kv_a 48x64 + kv_b
    /// 256x32 + o 64x128 = 126,976 bytes. Layer 0: + gate, up, down 64x64 = 176,128. Layer 1: + router 4x64 + shared 3 x
    /// 32x64 = 152,576; experts 3 x (4 x 32 x 64) x 4 = 98,304. KV per layer and position: the latent, (32 + 16) x 2 = 96.
    /// Scratch per token: in max(64, 64, 192, 128, 4) = 192; out max(192, 64, V 320) = 320 (192 without the output); routed
    /// 136; attention 4 x (48 + 32) = 320: 968 (840). Fixed: 69 + 268 x (max(Dv, R) 32 + 2) = 9,181.
    /// </summary>
    [Fact]
    public void DeepSeek2Footprint_RandomModel_HandComputedBytes()
    {
        var f = Footprint(_models.DeepSeek2);
        Assert.Equal([new LayerBytes(176_128, 0), new LayerBytes(152_576, 98_304)], f.Layers);
        Assert.Equal(81_920, f.OutputBytes);
        Assert.Equal(96, f.DeviceKvBytesPerTokenPerLayer);
        Assert.Equal(968, f.ScratchFloatsPerToken(experts: true, output: true));
        Assert.Equal(840, f.ScratchFloatsPerToken(experts: true, output: false));
        Assert.Equal(9_181, f.ScratchFixedFloats(Multiprocessors));
    }

    /// <summary>--gpu-layers 1: the dense layer 0 (176,128) and its latent cache (96 x 256 = 24,576) on the device; the host
    /// reads layer 1 (250,880), the embedding and the output (81,920 each).</summary>
    [Fact]
    public void DeepSeek2Plan_GpuLayersOne_DenseLayerOnTheDevice()
    {
        var plan = PlacementPlanner.Plan(Footprint(_models.DeepSeek2), 1, ExpertPlacement.Gpu, 256, 512, 2 << 20, Multiprocessors);
        Assert.Equal((1, false, 256), (plan.DeviceLayers, plan.OutputOnDevice, plan.Batch));
        Assert.Equal(new SideBytes(176_128, 24_576, Scratch(256, 840, 9_181)), plan.Device);
        Assert.Equal(250_880 + 2 * 81_920, plan.Host.Weights);
    }

    /// <summary>--experts cpu, every layer: 176,128 + 152,576 + the output 81,920 on the device; the routed experts' 98,304 on the host.</summary>
    [Fact]
    public void DeepSeek2Plan_ExpertsCpu_RoutedExpertsOnTheHost()
    {
        var plan = PlacementPlanner.Plan(Footprint(_models.DeepSeek2), null, ExpertPlacement.Cpu, 256, 512, 2 << 20, Multiprocessors);
        Assert.Equal((2, true, 256), (plan.DeviceLayers, plan.OutputOnDevice, plan.Batch));
        Assert.Equal(new SideBytes(176_128 + 152_576 + 81_920, 2 * 24_576, Scratch(256, 192 + 320 + 320, 9_181)), plan.Device);
        Assert.Equal(98_304 + 81_920, plan.Host.Weights);
    }

    [Fact]
    public void Qwen3MoePlan_GpuLayersAboveTheModels_ClampedToAll()
    {
        var plan = PlacementPlanner.Plan(Footprint(_models.Qwen3Moe), 99, ExpertPlacement.Gpu, 256, 512, 2 << 20, Multiprocessors);
        Assert.Equal((2, true), (plan.DeviceLayers, plan.OutputOnDevice));
    }

    [Fact]
    public void Plan_NegativeGpuLayers_Refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            PlacementPlanner.Plan(Footprint(_models.Qwen3Moe), -1, ExpertPlacement.Gpu, 256, 512, 2 << 20, Multiprocessors));
        Assert.Contains("--gpu-layers -1 is negative", e.Message);
    }

    /// <summary>--gpu-layers 2 on 600,000 bytes (562,500 to plan with): 2 x 197,632 + 131,072 + the scratch of one token
    /// (58,974) = 585,310 does not fit. The error names it and what helps: one layer fits, the experts on the CPU need
    /// 198,656 + 131,072 + 1.5 x 4 x (512 + 9,181) = 387,886, and the context that fits both layers is (562,500 - 454,238) / 512 = 211, shown as is.</summary>
    [Fact]
    public void Plan_TwoLayersOnTooSmallADevice_ErrorNamesNeededFreeAndOptions()
    {
        var e = Assert.Throws<DeviceMemoryException>(() =>
            PlacementPlanner.Plan(Footprint(_models.Qwen3Moe), 2, ExpertPlacement.Gpu, 256, 512, 600_000, Multiprocessors));
        Assert.Contains("2 layers on the device need 585.3 KB of device memory (weights 395.3 KB, KV cache at context 256 131.1 KB, scratch 59.0 KB)", e.Message);
        Assert.Contains("600.0 KB free, 37.5 KB of it kept free", e.Message);
        Assert.Contains("--gpu-layers 1 fits", e.Message);
        Assert.Contains("--experts cpu needs 387.9 KB and fits", e.Message);
        Assert.Contains("--ctx 211 fits", e.Message);
        Assert.Contains("--device cpu", e.Message);
    }

    [Fact]
    public void Plan_AutoWhereNoLayerFits_ErrorSaysNotEvenLayerZero()
    {
        var e = Assert.Throws<DeviceMemoryException>(() =>
            PlacementPlanner.Plan(Footprint(_models.Qwen3Moe), null, ExpertPlacement.Gpu, 256, 512, 200_000, Multiprocessors));
        Assert.Contains("not even layer 0 fits: it needs", e.Message);
        Assert.Contains("200.0 KB free", e.Message);
    }
}
