using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>The config.json shapes DeepSeek publishes (the attention/MoE/rope keys of DeepSeek-V3 and V2-Lite).</summary>
public sealed class DeepSeek2HfConfigTests : IDisposable
{
    readonly string _path = Path.Combine(Path.GetTempPath(), $"longdoc-ds2-config-{Guid.NewGuid():N}.json");

    const string V3 = """
        { "architectures": ["DeepseekV3ForCausalLM"], "model_type": "deepseek_v3", "hidden_size": 7168,
          "intermediate_size": 18432, "moe_intermediate_size": 2048, "num_hidden_layers": 61, "num_attention_heads": 128,
          "num_key_value_heads": 128, "n_shared_experts": 1, "n_routed_experts": 256, "routed_scaling_factor": 2.5,
          "kv_lora_rank": 512, "q_lora_rank": 1536, "qk_rope_head_dim": 64, "v_head_dim": 128, "qk_nope_head_dim": 128,
          "topk_method": "noaux_tc", "n_group": 8, "topk_group": 4, "num_experts_per_tok": 8, "moe_layer_freq": 1,
          "first_k_dense_replace": 3, "norm_topk_prob": true, "scoring_func": "sigmoid", "max_position_embeddings": 163840,
          "rms_norm_eps": 1e-06, "rope_theta": 10000, "tie_word_embeddings": false, "vocab_size": 129280,
          "rope_scaling": { "beta_fast": 32, "beta_slow": 1, "factor": 40, "mscale": 1.0, "mscale_all_dim": 1.0,
                            "original_max_position_embeddings": 4096, "type": "yarn" } }
        """;

    const string V2Lite = """
        { "architectures": ["DeepseekV2ForCausalLM"], "model_type": "deepseek_v2", "hidden_size": 2048,
          "intermediate_size": 10944, "moe_intermediate_size": 1408, "num_hidden_layers": 27, "num_attention_heads": 16,
          "num_key_value_heads": 16, "n_shared_experts": 2, "n_routed_experts": 64, "routed_scaling_factor": 1.0,
          "kv_lora_rank": 512, "q_lora_rank": null, "qk_rope_head_dim": 64, "v_head_dim": 128, "qk_nope_head_dim": 128,
          "topk_method": "greedy", "n_group": 1, "topk_group": 1, "num_experts_per_tok": 6, "first_k_dense_replace": 1,
          "norm_topk_prob": false, "scoring_func": "softmax", "max_position_embeddings": 163840, "rms_norm_eps": 1e-06,
          "rope_theta": 10000, "vocab_size": 102400,
          "rope_scaling": { "beta_fast": 32, "beta_slow": 1, "factor": 40, "mscale": 0.707, "mscale_all_dim": 0.707,
                            "original_max_position_embeddings": 4096, "type": "yarn" } }
        """;

    ModelConfig Read(string json)
    {
        File.WriteAllText(_path, json);
        return ModelConfigReader.FromHfConfig(_path);
    }

    [Fact]
    public void DeepSeekV3_MapsEveryMlaAndRouterKey()
    {
        var c = Read(V3);
        Assert.Equal("deepseek2", c.Architecture);
        Assert.Equal((128, 128, 192, 128, 128), (c.HeadCount, c.HeadCountKv, c.KeyLength, c.ValueLength, c.NopeLength));
        Assert.Equal((1536, 512, 64), (c.QLoraRank, c.KvLoraRank, c.RopeDimensionCount));
        Assert.Equal((3, 1, 256, 8, 2048), (c.LeadingDenseBlockCount, c.ExpertSharedCount, c.ExpertCount, c.ExpertUsedCount, c.ExpertFeedForwardLength));
        Assert.Equal((ExpertGating.Sigmoid, 8, 4, 2.5f, true), (c.ExpertGating, c.ExpertGroupCount, c.ExpertGroupUsedCount, c.ExpertWeightsScale, c.ExpertWeightsNorm));
        Assert.Equal(new RopeYarn(40f, 4096, 1f), c.Yarn);
        Assert.Equal((1, 576, 0), c.CacheShape);
    }

    [Fact]
    public void DeepSeekV2Lite_GreedyIgnoresGroups_NoQLora()
    {
        var c = Read(V2Lite);
        Assert.Equal((0, 0, 0), (c.QLoraRank, c.ExpertGroupCount, c.ExpertGroupUsedCount));
        Assert.Equal((ExpertGating.Softmax, false, 2, 1), (c.ExpertGating, c.ExpertWeightsNorm, c.ExpertSharedCount, c.LeadingDenseBlockCount));
        Assert.Equal(0.707f, c.Yarn!.MscaleAllDim);
        // mscale = 1 + 0.1 * 0.707 * ln 40: the softmax temperature correction of the 192-wide heads
        float m = 1f + 0.1f * 0.707f * MathF.Log(40f);
        Assert.Equal(m * m / MathF.Sqrt(192f), Runtime.Layers.YarnRope.AttentionScale(c.Yarn, c.KeyLength), 6);
    }

    [Fact]
    public void UnknownScoringFunc_ThrowsNamingTheKey()
    {
        var e = Assert.Throws<WeightFormatException>(() => Read(V3.Replace("\"sigmoid\"", "\"tanh\"")));
        Assert.Contains("scoring_func", e.Message);
    }

    public void Dispose() => File.Delete(_path);
}
