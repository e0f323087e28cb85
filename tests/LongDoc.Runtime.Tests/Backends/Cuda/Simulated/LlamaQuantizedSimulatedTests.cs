using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Backends.Cuda.Simulated;
using LongDoc.Runtime.Tests.Models;
using LongDoc.Runtime.Weights;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Simulated;

/// <summary>
/// Files made by llama.cpp's own quantizer (<see cref="LlamaQuantizedModelFiles"/>: a small qwen3moe and a small deepseek2
/// whose 96-wide experts and 160-wide dense layer 256 does not divide, so the file holds llama.cpp's fallback types
/// beside its own) through <see cref="CudaBackend"/> on the simulated device: the logits of a 20-token prefill and 4
/// decode steps equal the CPU backend's within <see cref="ModelParity.Bound"/>, and every matrix type the file holds
/// (Q6_K, Q5_0, Q3_K, IQ4_NL, ...) was decoded by a device kernel (a gemv, gemm or moe_gemm entry point of its type ran).
/// </summary>
public sealed class LlamaQuantizedSimulatedTests(LlamaQuantizedModelFiles files, ITestOutputHelper output) : IClassFixture<LlamaQuantizedModelFiles>
{
    [Theory]
    [InlineData("moe", "Q4_K_M")]
    [InlineData("moe", "Q3_K_M")]
    [InlineData("moe", "IQ4_XS")]
    [InlineData("deepseek2", "Q4_K_M")]
    [InlineData("deepseek2", "Q3_K_M")]
    [InlineData("deepseek2-split", "Q4_K_M")]
    public void LlamaQuantizedLogits_CudaSim_MatchCpuBackendWithEveryTypeOnTheDevice(string config, string fileType)
    {
        string path = files.Quantized(config, fileType);
        var types = MatrixTypes(path);
        IReadOnlyDictionary<string, long> launches = new Dictionary<string, long>();
        var r = ModelParity.Compare(path, seed: 5, device: DeviceKind.CudaSim,
            inspect: b => launches = ((SimulatedDevice)((CudaBackend)b).Device.Layer).Launches);
        output.WriteLine($"{config} {fileType} ({string.Join(", ", types)}): worst relative L2 {r.RelativeL2:E2} {r.Error}");
        output.WriteLine(string.Join(", ", launches.OrderBy(l => l.Key).Select(l => $"{l.Key} {l.Value}")));
        Assert.True(r.Passed, $"{config} {fileType}: {r.RelativeL2:E2} > {r.Bound:E0} {r.Error}");
        foreach (var type in types)
        {
            string suffix = KernelTypes.WeightSuffix(type);
            Assert.True(launches.Any(l => l.Key.EndsWith("_" + suffix, StringComparison.Ordinal) && l.Value > 0), $"no kernel decoded the file's {type} matrices");
        }
    }

    /// <summary>The types of the file's matrices (norms and biases, F32 vectors, stay on the host side of the comparison).</summary>
    static SortedSet<GgmlType> MatrixTypes(string path)
    {
        using var file = GgufFile.Open(path);
        return [.. file.Tensors.Where(t => t.Dims.Length > 1 && t.Type != GgmlType.F32).Select(t => t.Type)];
    }
}
