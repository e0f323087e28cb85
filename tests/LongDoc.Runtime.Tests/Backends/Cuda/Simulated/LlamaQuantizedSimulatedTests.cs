using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Backends.Cuda.Simulated;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tests.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.Oracle;
using LongDoc.Testing.RandomModels;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Simulated;

/// <summary>
/// Files made by llama.cpp's own quantizer (<see cref="LlamaQuantizedModelFiles"/>: a small qwen3moe and a small deepseek2
/// whose 96-wide experts and 160-wide dense layer 256 does not divide, so each file holds llama.cpp's fallback types
/// beside its own) through <see cref="CudaBackend"/> on the simulated device, against the CPU backend on the same file:
/// logits of a 20-token prefill and 4 decode steps, and every matrix type the file holds (Q6_K, Q5_0, Q3_K, IQ4_NL, ...)
/// decoded by a device kernel (a gemv, gemm or moe_gemm entry point of its type ran).
/// The scale is the file's own quantization error at each position (the CPU on the quantized file against the CPU on
/// its F16 source): the kernels keep activations in f32 (GEMV) or bf16 (GEMM) where the CPU quantizes them to Q8_K /
/// Q8_0 / Q8_1, a difference measured at 0.04..0.17 of the own error at every position on these six files (1.5e-2 to
/// 2.3e-2 relative L2 on deepseek2, which differs as much at Q8_0, and 5e-3 to 9e-3 on qwen3moe, where
/// <see cref="ModelParity.Bound"/> would hold). A top-2 router near-tie can pick another expert on one side at one position
/// (measured 0.53 and 0.60 of the own error there, the other positions unaffected). So: every position within
/// <see cref="KernelShare"/> of the own error but at most one, and that one within the own error itself; a wrong block
/// layout or scale of any type is about the own error or more at every position.
/// </summary>
public sealed class LlamaQuantizedSimulatedTests(LlamaQuantizedModelFiles files, ITestOutputHelper output) : IClassFixture<LlamaQuantizedModelFiles>
{
    /// <summary>Device against CPU, as a share of the file's own quantization error, at every position but one.</summary>
    const double KernelShare = 0.25;

    const int Tokens = 24;

    [Theory]
    [InlineData("moe", "Q4_K_M")]
    [InlineData("moe", "Q3_K_M")]
    [InlineData("moe", "IQ4_XS")]
    [InlineData("deepseek2", "Q4_K_M")]
    [InlineData("deepseek2", "Q3_K_M")]
    [InlineData("deepseek2-split", "Q4_K_M")]
    public void LlamaQuantizedLogits_CudaSim_MatchCpuBackendWithEveryTypeOnTheDevice(string config, string fileType) =>
        Check($"{config} {fileType}", files.Quantized(config, fileType), files.Source(config));

    /// <summary>The deepseek2 config with DeepSeek-V2-Lite's expert width, 1408 (= 5.5 x 256), at Q4_K_M: gate/up stay Q4_K
    /// (their input is the 256-wide hidden state), the 1408-wide down experts of its one MoE layer fall back to Q8_0 (the
    /// mix gives that layer Q6_K), the narrow dense rows to Q5_0 (measured: Q4_K, Q6_K, Q5_0, Q8_0; one router near-tie at
    /// position 3, 0.54 of the own error, the other positions 0.09 to 0.14).</summary>
    [Fact]
    public void LlamaQuantizedDeepSeek2With1408WideExperts_CudaSim_MatchCpuBackend()
    {
        var dir = Directory.CreateTempSubdirectory("longdoc-cudasim-1408-");
        try
        {
            string source = Path.Combine(dir.FullName, "f16.gguf"), quantized = Path.Combine(dir.FullName, "q4_k_m.gguf");
            RandomModelWriter.WriteGguf(LlamaQuantizedModelFiles.Configs["deepseek2"] with { ExpertFfn = 1408 }, source);
            LlamaOracle.Quantize(source, quantized, "Q4_K_M");
            Assert.Contains(GgmlType.Q5_0, MatrixTypes(quantized));
            Check("deepseek2 experts 1408 Q4_K_M", quantized, source);
        }
        finally { dir.Delete(true); }
    }

    void Check(string name, string path, string sourcePath)
    {
        var types = MatrixTypes(path);
        var options = new RuntimeOptions { ContextSize = Tokens, MaxBatch = Tokens, KvCacheType = KvCacheType.F16 };
        var cpu = SequenceLogits.Run(path, options with { Device = DeviceKind.Cpu }, Tokens, out _);
        var device = SequenceLogits.Run(path, options with { Device = DeviceKind.CudaSim }, Tokens, out var launches);
        var source = SequenceLogits.Run(sourcePath, options with { Device = DeviceKind.Cpu }, Tokens, out _);
        int vocab = cpu.Length / Tokens;
        var share = new double[Tokens];
        for (int t = 0; t < Tokens; t++)
        {
            var at = new Range(t * vocab, (t + 1) * vocab);
            share[t] = ParityMath.RelativeL2(cpu.AsSpan(at), device.AsSpan(at)) / ParityMath.RelativeL2(source.AsSpan(at), cpu.AsSpan(at));
        }
        output.WriteLine($"{name} ({string.Join(", ", types)}): device vs CPU per position, share of the own error: {string.Join(" ", share.Select(s => s.ToString("F2")))}");
        output.WriteLine(string.Join(", ", launches.OrderBy(l => l.Key).Select(l => $"{l.Key} {l.Value}")));

        Assert.True(share.Count(s => s > KernelShare) <= 1, $"{name}: more than one position off the CPU by over {KernelShare} of the own error");
        Assert.True(share.Max() <= 1, $"{name}: a position off the CPU by {share.Max():F2} of the own error");
        foreach (var type in types)
        {
            string suffix = KernelTypes.WeightSuffix(type);
            Assert.True(launches.Any(l => l.Key.EndsWith("_" + suffix, StringComparison.Ordinal) && l.Value > 0), $"no kernel decoded the file's {type} matrices");
        }
    }

    /// <summary>The types of the file's matrices (norms, F32 vectors, stay out).</summary>
    static SortedSet<GgmlType> MatrixTypes(string path)
    {
        using var file = GgufFile.Open(path);
        return [.. file.Tensors.Where(t => t.Dims.Length > 1 && t.Type != GgmlType.F32).Select(t => t.Type)];
    }
}
