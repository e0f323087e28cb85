using System.Text.Json;

namespace LongDoc.Cli.Tests.Commands;

/// <summary>
/// --gpu-layers, --experts and `model info --device` as a user sees them, on the simulated device with a small memory
/// (LONGDOC_CUDA_SIM_MEMORY). The tiny qwen3moe (F32, 2 layers of 99,328 bytes plus 98,304 of experts, output 81,920)
/// on 2 MiB at context 128: both layers and the output, the KV cache with the block statistics of the default (auto:
/// block-sparse) attention, 2 layers x 128 x (2 heads x 64 x 2 bytes + 3 x 2 x 32 x 4 / 64) = 68,608, and the scratch of a
/// 128-token chunk, 1.5 x 4 x (128 x 840 + 9,181) = 700,206 (PlacementPlannerTests has the arithmetic).
/// </summary>
public sealed class PlacementCommandsTests(ModelCommandsTests.ModelFile model) : IClassFixture<ModelCommandsTests.ModelFile>
{
    static readonly Dictionary<string, string?> TwoMebibytes = new() { ["LONGDOC_CUDA_SIM_MEMORY"] = "2M" };

    static CliRunner.Result Run(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        CliRunner.Run(TimeSpan.FromMinutes(3), environment, args);

    [Fact]
    public void ModelInfo_CudaSimTwoMebibytes_PrintsThePlan()
    {
        var r = Run(TwoMebibytes, "model", "info", model.Path, "--device", "cuda-sim", "--ctx", "128");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("placement on cuda-sim", r.Stdout);
        Assert.Contains("device memory  2.1 MB free, planned against 2.0 MB (131.1 KB kept free)", r.Stdout);
        Assert.Contains("layers         all 2 on the device", r.Stdout);
        Assert.Contains("output         device; embedding lookup host", r.Stdout);
        Assert.Contains("context        128 tokens, prefill in chunks of 128", r.Stdout);
        Assert.Contains("device         1.2 MB: weights 477.2 KB, KV cache 68.6 KB, scratch 700.2 KB", r.Stdout);
    }

    [Fact]
    public void ModelInfo_WithoutDevice_NoPlan()
    {
        var r = CliRunner.Run("model", "info", model.Path);
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("placement", r.Stdout);
    }

    [Fact]
    public void ModelInfo_JsonGpuLayersOneExpertsCpu_PlanInTheReport()
    {
        var r = Run(TwoMebibytes, "model", "info", model.Path, "--device", "cuda-sim", "--ctx", "128", "-ngl", "1", "--experts", "cpu", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        var plan = json.RootElement.GetProperty("placement");
        Assert.Equal(1, plan.GetProperty("DeviceLayers").GetInt32());
        Assert.Equal("Cpu", plan.GetProperty("Experts").GetString());
        Assert.Equal(99_328, plan.GetProperty("Device").GetProperty("Weights").GetInt64());
    }

    /// <summary>llama.cpp clamps -ngl to the layers the model has; so does --gpu-layers.</summary>
    [Fact]
    public void ModelInfo_GpuLayersAboveTheModel_ClampedToAll()
    {
        var r = Run(TwoMebibytes, "model", "info", model.Path, "--device", "cuda-sim", "--ctx", "128", "--gpu-layers", "99");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("layers         all 2 on the device", r.Stdout);
    }

    [Theory]
    [InlineData("--gpu-layers=-1", "--gpu-layers -1: a layer count cannot be negative (0 keeps every layer on the CPU)")]
    [InlineData("--gpu-layers=many", "--gpu-layers 'many': expected auto, all or a number of layers from 0")]
    [InlineData("--gpu-layers=1.5", "--gpu-layers '1.5': expected auto, all or a number of layers from 0")]
    public void Logits_MalformedGpuLayers_ExitTwoNamingTheFlag(string flag, string message)
    {
        var r = Run(TwoMebibytes, "logits", "-m", model.Path, "--tokens", "1,2", "--device", "cuda-sim", flag);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void Logits_MalformedExperts_UsageError()
    {
        var r = Run(TwoMebibytes, "logits", "-m", model.Path, "--tokens", "1,2", "--experts", "disk");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("disk", r.Stderr);
    }

    /// <summary>200 KiB: layer 0 alone needs 197,632 of weights and 58,974 of scratch (the F32 KV cache of logits stays in host RAM).</summary>
    [Fact]
    public void Logits_CudaSimNothingFits_ExitTwoNamingNeededFreeAndOptions()
    {
        var r = Run(new Dictionary<string, string?> { ["LONGDOC_CUDA_SIM_MEMORY"] = "200K" }, "logits", "-m", model.Path, "--tokens", "1,2", "--device", "cuda-sim");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("longdoc: the model does not fit the device: not even layer 0 fits: it needs 256.6 KB of device memory", r.Stderr);
        Assert.Contains("204.8 KB free", r.Stderr);
        Assert.Contains("--experts cpu needs", r.Stderr);
        Assert.Contains("--device cpu runs it in host RAM", r.Stderr);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void Logits_CudaSimGpuLayersOneExpertsCpu_SameLogitsAsCpuAndSaysThePlacement()
    {
        string tokens = "1,17,200,33,5";
        var sim = Run(TwoMebibytes, "logits", "-m", model.Path, "--tokens", tokens, "--all-positions", "--device", "cuda-sim", "--gpu-layers", "1", "--experts", "cpu");
        var cpu = CliRunner.Run("logits", "-m", model.Path, "--tokens", tokens, "--all-positions", "--device", "cpu");
        Assert.True(sim.ExitCode == 0, sim.Stderr);
        Assert.Contains("longdoc: placement: 0..0 on the device, 1..1 on the host, routed experts on the host", sim.Stderr);
        var a = Rows(sim.Stdout);
        var b = Rows(cpu.Stdout);
        Assert.Equal(5, a.Length);
        for (int i = 0; i < a.Length; i++)
        {
            double diff = 0, norm = 0;
            for (int j = 0; j < b[i].Length; j++) { diff += Math.Pow(a[i][j] - b[i][j], 2); norm += Math.Pow(b[i][j], 2); }
            Assert.True(Math.Sqrt(diff / norm) < 2e-2, $"position {i}: relative L2 {Math.Sqrt(diff / norm):E2}");
        }
    }

    static float[][] Rows(string stdout)
    {
        using var json = JsonDocument.Parse(stdout);
        return [.. json.RootElement.GetProperty("logits").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetSingle()).ToArray())];
    }
}
