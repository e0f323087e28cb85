using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Tests.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Backends.Cuda;

/// <summary>
/// Files made by llama.cpp's quantizer for the GPU script's whole-model parity (`longdoc selftest --model`): the small
/// qwen3moe of <see cref="LlamaQuantizedModelFiles"/> at Q4_K_M, Q3_K_M and IQ4_XS, so the GPU runs Q6_K, Q5_K, Q3_K,
/// IQ4_XS and the fallbacks Q5_0 / Q8_0 / IQ4_NL of its 96-wide experts in a whole model. `.ci/gpu-check.sh prepare`
/// runs this test (its name matches the script's filter) with LONGDOC_SELFTEST_MODELS set, which copies them beside
/// <see cref="SelftestModelsTests"/>' random models; without it they stay in the fixture's cache. Every matrix type of
/// each file must be one the kernels decode, so the GPU run compares device kernels, not CPU fallbacks.
/// </summary>
public sealed class LlamaQuantizedSelftestModelsTests(LlamaQuantizedModelFiles files) : IClassFixture<LlamaQuantizedModelFiles>
{
    static readonly string[] FileTypes = ["Q4_K_M", "Q3_K_M", "IQ4_XS"];

    [Fact]
    public void LlamaQuantizedSelftestModels_EveryMatrixTypeDecodedOnTheDevice_CopiedForTheGpuScript()
    {
        string? dir = Environment.GetEnvironmentVariable(SelftestModelsTests.FolderVariable);
        var seen = new HashSet<GgmlType>();
        foreach (var fileType in FileTypes)
        {
            string path = files.Quantized("moe", fileType);
            using (var file = GgufFile.Open(path))
                foreach (var t in file.Tensors.Where(t => t.Dims.Length > 1 && t.Type != GgmlType.F32))
                {
                    Assert.Contains(t.Type, KernelTypes.WeightTypes);
                    seen.Add(t.Type);
                }
            if (!string.IsNullOrEmpty(dir)) File.Copy(path, Path.Combine(dir, $"llama-qwen3moe-{fileType.ToLowerInvariant()}.gguf"), overwrite: true);
        }
        Assert.Superset(new HashSet<GgmlType> { GgmlType.Q6_K, GgmlType.Q5_0, GgmlType.Q3_K, GgmlType.IQ4_XS, GgmlType.IQ4_NL }, seen);
    }
}
