using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Backends.Cuda.Simulated;
using LongDoc.Runtime.Sparse;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Simulated;

/// <summary>
/// Whole random models through <see cref="CudaBackend"/> on the simulated device (<c>--device cuda-sim</c>): the logits
/// of every position of a prefill (20 tokens; 296 and 196 for the sparse cases) and 4 decode steps equal the CPU backend's within <see cref="ModelParity.Bound"/>
/// (2e-2 worst relative L2, the bound the GPU self-test uses for CPU vs CUDA), and the kernels each model needs were
/// launched (so the device path, not a CPU fallback, was compared). Head width 64: the prefill and decode attention
/// kernels take it; widths 256 for Q4_K (its super-blocks).
/// </summary>
public sealed class SimulatedModelTests(ITestOutputHelper output)
{
    public static TheoryData<string, GgmlType, int> Models() => new()
    {
        { "llama", GgmlType.F16, 0 },
        { "llama", GgmlType.Q8_0, 0 },
        { "llama", GgmlType.Q4_K, 0 },
        { "llama", GgmlType.F32, 0 },
        { "qwen3", GgmlType.F16, 0 },
        { "qwen3", GgmlType.Q8_0, 0 },
        { "qwen2", GgmlType.Q8_0, 0 },
        { "llama", GgmlType.F16, 4 },
        { "qwen3moe", GgmlType.F16, 4 },
        { "qwen3moe", GgmlType.Q8_0, 4 },
        { "qwen3moe", GgmlType.Q4_K, 4 },
    };

    static readonly Dictionary<GgmlType, string> Suffix = new() { [GgmlType.F16] = "f16", [GgmlType.Q8_0] = "q8_0", [GgmlType.Q4_K] = "q4_k" };

    [Theory]
    [MemberData(nameof(Models))]
    public void ModelLogits_CudaSim_MatchCpuBackend(string architecture, GgmlType type, int experts)
    {
        int width = type == GgmlType.Q4_K ? 256 : 128;
        var spec = new RandomModelSpec
        {
            Architecture = architecture, WeightType = type, Experts = experts, Ffn = width, ExpertFfn = width,
            Embedding = architecture == "qwen2" ? 256 : width,   // qwen2: heads x head width = embedding
            Heads = 4, KvHeads = 2, HeadDim = 64, Seed = 3,
        };
        var launches = Compare(spec);
        string[] expected = ["rmsnorm", "rope", "attn_prefill_f16_64_64", "attn_decode_f16", "attn_merge", "add_f32"];
        if (Suffix.TryGetValue(type, out var suffix))
        {
            expected = [.. expected, $"gemm_{suffix}", $"gemv_{suffix}"];
            if (experts > 0) expected = [.. expected, "moe_route", "moe_permute", $"moe_gemm_swiglu_{suffix}", $"moe_gemm_{suffix}", "moe_unpermute"];
        }
        foreach (var entry in expected) Assert.True(launches.GetValueOrDefault(entry) > 0, $"{entry} was never launched");
    }

    /// <summary>deepseek2 (MLA, shared experts, a leading dense layer): the projections on the device, the latent
    /// attention where CudaRouting sends it.</summary>
    [Theory]
    [InlineData(GgmlType.F16)]
    [InlineData(GgmlType.Q8_0)]
    public void DeepSeek2Logits_CudaSim_MatchCpuBackend(GgmlType type)
    {
        var spec = new RandomModelSpec { Architecture = "deepseek2", WeightType = type, Embedding = 128, ExpertFfn = 64, Ffn = 128, Seed = 3 };
        var launches = Compare(spec);
        Assert.True(launches.GetValueOrDefault($"gemm_{Suffix[type]}") > 0, "no projection ran on the device");
    }

    /// <summary>Llama 3.1's RoPE (rope_freqs.weight from rope_scaling "llama3"): the frequency factors go to rope.cu.</summary>
    [Fact]
    public void Llama31RopeLogits_CudaSim_MatchCpuBackend()
    {
        var spec = new RandomModelSpec
        {
            Architecture = "llama", WeightType = GgmlType.F16, Embedding = 128, Ffn = 128, Heads = 4, KvHeads = 2, HeadDim = 64,
            Llama3RopeFactor = 8f, Seed = 3,
        };
        var launches = Compare(spec, tokens: 80);
        Assert.True(launches.GetValueOrDefault("rope") > 0, "rope was never launched");
    }

    /// <summary>deepseek2 with YaRN over an original context of 64 (80 positions pass it): the rope part of q and of the
    /// latent row on rope.cu, the router on moe_route.cu; softmax top-2 of 4 (V2), or as V3 routes (sigmoid,
    /// score-correction bias, 2 groups, norm_topk, routed scale 2.5) with every expert active: sigmoid scores crowd
    /// around 0.5, so a top-2 of random logits meets near-ties that the f16 projections flip (relative L2 2.7e-1 with
    /// the router on the CPU too), which the GPU would do as well.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void YarnDeepSeek2Logits_CudaSim_MatchCpuBackend(bool v3)
    {
        var spec = new RandomModelSpec
        {
            Architecture = "deepseek2", WeightType = GgmlType.F16, Embedding = 128, ExpertFfn = 64, Ffn = 128, Experts = 4, ExpertsUsed = 2,
            YarnFactor = 4f, MscaleAllDim = 1f, Seed = 3,
        };
        if (v3)
        {
            spec = spec with
            {
                Gating = LongDoc.Runtime.Models.ExpertGating.Sigmoid, RouterBias = true, ExpertsUsed = 4, Groups = 2, GroupsUsed = 2,
                NormTopK = true, RoutedScale = 2.5f,
            };
        }
        var launches = Compare(spec, tokens: 80);
        foreach (var entry in new[] { "rope", "moe_route" })
            Assert.True(launches.GetValueOrDefault(entry) > 0, $"{entry} was never launched");
    }

    /// <summary>A Q4_K_M file's mix (llama.cpp's rule): Q6_K output, attn_v and ffn_down_exps on the "more bits" layers, all
    /// on the device: every layer takes the grouped call, with Q6_K down experts where the mix puts them.</summary>
    [Fact]
    public void Q4KMMoeLogits_CudaSim_MatchCpuBackend()
    {
        var spec = new RandomModelSpec
        {
            Architecture = "qwen3moe", WeightType = GgmlType.Q4_K, Mix = QuantMix.Q4_K_M, Layers = 4, Embedding = 256, ExpertFfn = 256,
            Heads = 4, KvHeads = 2, HeadDim = 64, Seed = 3,
        };
        var launches = Compare(spec);
        foreach (var entry in new[] { "gemm_q4_k", "gemv_q4_k", "moe_gemm_swiglu_q4_k", "moe_gemm_q4_k", "gemm_q6_k", "gemv_q6_k", "moe_gemm_q6_k" })
            Assert.True(launches.GetValueOrDefault(entry) > 0, $"{entry} was never launched");
    }

    static readonly SparseAttentionOptions Sparse = new() { Block = 64, Budget = 128, Window = 64, DenseLayers = [], DenseBelowBudget = false };

    /// <summary>Block-sparse attention in every layer over 5 blocks of 64 (budget 2 blocks, window 64): the device keeps
    /// block statistics beside its KV mirror, selects with block_select and attends over the selection, prefill and decode.</summary>
    [Fact]
    public void SparseLlamaLogits_CudaSim_MatchCpuBackend()
    {
        var spec = new RandomModelSpec { Architecture = "llama", Experts = 0, WeightType = GgmlType.F16, Embedding = 128, Ffn = 128, Heads = 4, KvHeads = 2, HeadDim = 64, Context = 512, Seed = 3 };
        var launches = Compare(spec, tokens: 300, Sparse);
        foreach (var entry in new[] { "block_stats_f16", "block_select", "attn_prefill_f16_64_64", "attn_decode_f16" })
            Assert.True(launches.GetValueOrDefault(entry) > 0, $"{entry} was never launched");
    }

    /// <summary>deepseek2 with block-sparse MLA over a latent row of 64 + 64: the latent decode runs on the device (v = the
    /// first R channels of the cached row), the latent prefill on the CPU (no entry point for its widths). Every expert is
    /// active: top-2 routing is discrete, and over these 196 positions one router near-tie (position 115) picks another
    /// expert on the device than on the CPU (relative L2 1.8e-1 there, every other position within 7e-3; with all experts
    /// active, all within the bound), which the GPU would do too. The dense deepseek2 cases keep top-2.</summary>
    [Fact]
    public void SparseDeepSeek2Logits_CudaSim_MatchCpuBackend()
    {
        var spec = new RandomModelSpec
        {
            Architecture = "deepseek2", WeightType = GgmlType.F16, Embedding = 128, ExpertFfn = 64, Ffn = 128, KvLoraRank = 64, RopeDims = 64,
            Experts = 4, ExpertsUsed = 4, Context = 512, Seed = 3,
        };
        var launches = Compare(spec, tokens: 200, Sparse);
        foreach (var entry in new[] { "block_stats_f16", "block_select", "attn_decode_f16", "attn_merge" })
            Assert.True(launches.GetValueOrDefault(entry) > 0, $"{entry} was never launched");
    }

    /// <summary>DeepSeek Sparse Attention, deepseek32 and glm-dsa (layer 1 reuses layer 0's top-k): top_k 16 of up to 64
    /// positions with 32 index heads, so the selection matters from the 17th token on; the indexer's scores (f16 tensor
    /// cores) and top-k and MLA over the selected latent rows run on the device, prefill and decode. F32 weights keep the
    /// projections on the CPU, so the index queries reach dsa_index.cu as the CPU computes them: the selection is
    /// discrete, and with F16 weights gemm.cu's bf16 activations (the CPU rounds them to f16) flip near-ties of the
    /// top-k even when the CPU selects (relative L2 1.8e-1 with every DSA call on the CPU). Both kernels round the
    /// query where the CPU does, so the selection and the gathered attention agree with the CPU's.</summary>
    [Theory]
    [InlineData("deepseek32")]
    [InlineData("glm-dsa")]
    public void DsaLogits_CudaSim_MatchCpuBackend(string architecture)
    {
        var spec = LongDoc.Runtime.Tests.Models.DsaConfigs.Spec(architecture) with { WeightType = GgmlType.F32, IndexerTopK = 16, IndexerHeads = 32 };
        var launches = Compare(spec, tokens: 64);
        foreach (var entry in new[] { "dsa_index_scores", "dsa_topk", "dsa_mla_f16" })
            Assert.True(launches.GetValueOrDefault(entry) > 0, $"{entry} was never launched");
    }

    IReadOnlyDictionary<string, long> Compare(RandomModelSpec spec, int tokens = 24, SparseAttentionOptions? attention = null)
    {
        var dir = Directory.CreateTempSubdirectory("longdoc-cudasim-");
        try
        {
            string path = Path.Combine(dir.FullName, "model.gguf");
            RandomModelWriter.WriteGguf(spec, path);
            IReadOnlyDictionary<string, long> launches = new Dictionary<string, long>();
            var r = ModelParity.Compare(path, seed: 5, tokens, device: DeviceKind.CudaSim,
                inspect: b => launches = ((SimulatedDevice)((CudaBackend)b).Device.Layer).Launches, attention: attention);
            output.WriteLine($"{spec.Architecture} {spec.WeightType}: worst relative L2 {r.RelativeL2:E2} {r.Error}");
            output.WriteLine(string.Join(", ", launches.OrderBy(l => l.Key).Select(l => $"{l.Key} {l.Value}")));
            Assert.True(r.Passed, $"{spec.Architecture} {spec.WeightType}: {r.RelativeL2:E2} > {r.Bound:E0} {r.Error}");
            return launches;
        }
        finally { dir.Delete(true); }
    }
}
