using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Backends.Cuda;

/// <summary>
/// The tiny random models of every architecture that the GPU script (.ci/gpu-check.sh) hands to
/// `longdoc selftest --model`: the GPU machine has no .NET SDK to generate them, so `.ci/gpu-check.sh prepare`
/// runs this test with LONGDOC_SELFTEST_MODELS set to write them where they travel. Without it they go to a
/// temporary folder; either way each must load and give finite logits on the CPU.
/// </summary>
public sealed class SelftestModelsTests
{
    public const string FolderVariable = "LONGDOC_SELFTEST_MODELS";

    static readonly (string Name, RandomModelSpec Spec)[] Models =
    [
        ("qwen3moe-f16", new() { Architecture = "qwen3moe", WeightType = GgmlType.F16, Seed = 11 }),
        ("qwen3moe-q8_0", new() { Architecture = "qwen3moe", WeightType = GgmlType.Q8_0, Seed = 12 }),
        ("qwen3-f16", new() { Architecture = "qwen3", WeightType = GgmlType.F16, Seed = 13 }),
        ("deepseek2-v3like-f16", new() { Architecture = "deepseek2", WeightType = GgmlType.F16, Layers = 3, QLoraRank = 32, Gating = ExpertGating.Sigmoid, RouterBias = true, Experts = 8, ExpertsUsed = 2, Groups = 4, GroupsUsed = 2, RoutedScale = 2.5f, NormTopK = true, Seed = 14 }),
        ("llama-f32", new() { Architecture = "llama", Experts = 0, Seed = 15, RopeBase = 10000f }),
        ("mixtral-f16", new() { Architecture = "llama", Experts = 4, ExpertsUsed = 2, WeightType = GgmlType.F16, Seed = 16 }),
        // head widths the device attention kernels take (prefill 64/64 and 128/128, decode): the others attend on the CPU
        ("qwen3-hd64-f16", new() { Architecture = "qwen3", WeightType = GgmlType.F16, HeadDim = 64, Seed = 17 }),
        ("qwen3-hd128-q4_k", new() { Architecture = "qwen3", WeightType = GgmlType.Q4_K, Embedding = 256, Heads = 2, KvHeads = 1, HeadDim = 128, Ffn = 256, Seed = 18 }),
        // experts the grouped device call takes in Q4_K (D and F multiples of 256); the f16/q8_0 MoE models above use it too
        ("qwen3moe-q4_k", new() { Architecture = "qwen3moe", WeightType = GgmlType.Q4_K, Embedding = 256, Heads = 2, KvHeads = 1, HeadDim = 128, ExpertFfn = 256, Seed = 19 }),
        // DeepSeek Sparse Attention past top_k 16 (selftest's 24 tokens): dsa_index, dsa_topk, dsa_mla on the device; F32
        // weights keep the projections (and so the index queries) the CPU's, see SimulatedModelTests.DsaLogits_CudaSim_MatchCpuBackend
        ("deepseek32-top16-f32", LongDoc.Runtime.Tests.Models.DsaConfigs.DeepSeek32 with { IndexerTopK = 16, IndexerHeads = 32 }),
    ];

    [Fact]
    public void SelftestModels_EveryArchitecture_WrittenAndRunOnCpu()
    {
        string? configured = Environment.GetEnvironmentVariable(FolderVariable);
        var dir = string.IsNullOrEmpty(configured) ? Directory.CreateTempSubdirectory("longdoc-selftest-models-").FullName : configured;
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var (name, spec) in Models)
            {
                string path = Path.Combine(dir, name + ".gguf");
                RandomModelWriter.WriteGguf(spec, path);
                using var loaded = ModelLoader.Load(path, new RuntimeOptions { ContextSize = 8, MaxBatch = 8, Threads = 1 });
                var logits = new float[loaded.Config.VocabSize];
                loaded.Model.Forward([1, 2, 3], logits);
                Assert.True(logits.All(float.IsFinite), $"{name}: non-finite logits");
                Assert.Equal(spec.Architecture, loaded.Config.Architecture);
            }
            Assert.Contains(Models, m => m.Spec.Architecture == "deepseek2");
            Assert.Contains(Models, m => m.Spec.Architecture == "deepseek32");
        }
        finally
        {
            if (string.IsNullOrEmpty(configured)) Directory.Delete(dir, true);
        }
    }
}
