using System.Text.Json;
using System.Text.Json.Nodes;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Testing.RandomModels;

/// <summary>
/// config.json of a random model as transformers writes it for Qwen3MoeForCausalLM, Qwen3ForCausalLM,
/// Qwen2ForCausalLM, LlamaForCausalLM, MixtralForCausalLM, the DeepSeek-V2/V3/V3.2 classes and GLM-5's
/// GlmMoeDsaForCausalLM (keys as the published config.json files have them).
/// </summary>
public static class HfConfigWriter
{
    /// <summary>(spec architecture, has experts) -> transformers class and model_type.</summary>
    static readonly Dictionary<(string, bool), (string Class, string ModelType)> Classes = new()
    {
        [("qwen3moe", true)] = ("Qwen3MoeForCausalLM", "qwen3_moe"),
        [("qwen3", false)] = ("Qwen3ForCausalLM", "qwen3"),
        [("qwen2", false)] = ("Qwen2ForCausalLM", "qwen2"),
        [("llama", false)] = ("LlamaForCausalLM", "llama"),
        [("llama", true)] = ("MixtralForCausalLM", "mixtral"),
    };

    public static void Write(RandomModelSpec spec, string path)
    {
        if (spec.IsDeepSeek) { WriteDeepSeek(spec, path); return; }
        var (cls, modelType) = Classes[(spec.Architecture, spec.IsMoe)];
        var c = new JsonObject
        {
            ["architectures"] = new JsonArray(cls),
            ["model_type"] = modelType,
            ["hidden_size"] = spec.Embedding,
            ["num_hidden_layers"] = spec.Layers,
            ["num_attention_heads"] = spec.Heads,
            ["num_key_value_heads"] = spec.KvHeads,
            ["head_dim"] = spec.HeadDim,
            // Mixtral keeps the expert width in intermediate_size
            ["intermediate_size"] = spec.IsLlama && spec.IsMoe ? spec.ExpertFfn : spec.Ffn,
            ["max_position_embeddings"] = spec.Context,
            ["vocab_size"] = spec.Vocab,
            ["rope_theta"] = spec.RopeBase,
            ["rope_scaling"] = null,
            ["rms_norm_eps"] = spec.Eps,
            ["tie_word_embeddings"] = spec.TiedEmbeddings,
            ["hidden_act"] = "silu",
            ["attention_bias"] = false,
            ["bos_token_id"] = (int)SpmVocab.Bos,
            ["eos_token_id"] = (int)SpmVocab.Eos,
            ["torch_dtype"] = spec.WeightType == GgmlType.F16 ? "float16" : "float32",
        };
        if (spec.Llama3RopeFactor > 0)
            c["rope_scaling"] = new JsonObject
            {
                ["rope_type"] = "llama3", ["factor"] = spec.Llama3RopeFactor, ["low_freq_factor"] = 1f, ["high_freq_factor"] = 4f,
                ["original_max_position_embeddings"] = spec.Llama3OriginalContext,
            };
        if (spec.IsQwen2)
        {
            c.Remove("attention_bias"); // Qwen2's biases are not optional: its config has no such key
            c["use_sliding_window"] = false;
        }
        if (spec.IsLlama && spec.IsMoe)
        {
            c["num_local_experts"] = spec.Experts;
            c["num_experts_per_tok"] = spec.ExpertsUsed;
        }
        else if (spec.IsMoe)
        {
            c["num_experts"] = spec.Experts;
            c["num_experts_per_tok"] = spec.ExpertsUsed;
            c["moe_intermediate_size"] = spec.ExpertFfn;
            c["norm_topk_prob"] = true;
            c["decoder_sparse_step"] = 1;
            c["mlp_only_layers"] = new JsonArray();
        }
        File.WriteAllText(path, c.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>MLA classes by (architecture, sigmoid gating): deepseek2 is V3 with sigmoid, else V2.</summary>
    static readonly Dictionary<(string, bool), (string Class, string ModelType)> MlaClasses = new()
    {
        [("deepseek2", false)] = ("DeepseekV2ForCausalLM", "deepseek_v2"),
        [("deepseek2", true)] = ("DeepseekV3ForCausalLM", "deepseek_v3"),
        [("deepseek32", false)] = ("DeepseekV32ForCausalLM", "deepseek_v32"),
        [("deepseek32", true)] = ("DeepseekV32ForCausalLM", "deepseek_v32"),
        [("glm-dsa", true)] = ("GlmMoeDsaForCausalLM", "glm_moe_dsa"),
    };

    /// <summary>
    /// DeepseekV2/V3/V32ForCausalLM or GlmMoeDsaForCausalLM, keys as in their config.json: DSA adds index_n_heads,
    /// index_head_dim, index_topk (and GLM-5.2's indexer_types); GLM-5's is a transformers 5 config: rope_theta inside
    /// rope_parameters (rope_type "default"), rope_interleave, noaux_tc routing with one group.
    /// </summary>
    static void WriteDeepSeek(RandomModelSpec spec, string path)
    {
        bool v3 = spec.Gating == ExpertGating.Sigmoid;
        var (cls, modelType) = MlaClasses[(spec.Architecture, v3)];
        var c = new JsonObject
        {
            ["architectures"] = new JsonArray(cls),
            ["model_type"] = modelType,
            ["hidden_size"] = spec.Embedding,
            ["num_hidden_layers"] = spec.Layers,
            ["num_attention_heads"] = spec.Heads,
            ["num_key_value_heads"] = spec.Heads,
            ["q_lora_rank"] = spec.QLoraRank > 0 ? spec.QLoraRank : null,
            ["kv_lora_rank"] = spec.KvLoraRank,
            ["qk_nope_head_dim"] = spec.HeadDim,
            ["qk_rope_head_dim"] = spec.RopeDims,
            ["v_head_dim"] = spec.ValueDim,
            ["intermediate_size"] = spec.Ffn,
            ["moe_intermediate_size"] = spec.ExpertFfn,
            ["n_routed_experts"] = spec.Experts,
            ["n_shared_experts"] = spec.SharedExperts,
            ["num_experts_per_tok"] = spec.ExpertsUsed,
            ["first_k_dense_replace"] = spec.LeadingDense,
            ["moe_layer_freq"] = 1,
            ["norm_topk_prob"] = spec.NormTopK,
            ["routed_scaling_factor"] = spec.RoutedScale,
            ["scoring_func"] = v3 ? "sigmoid" : "softmax",
            ["topk_method"] = spec.Groups > 1 ? (v3 ? "noaux_tc" : "group_limited_greedy") : "greedy",
            ["n_group"] = Math.Max(1, spec.Groups),
            ["topk_group"] = Math.Max(1, spec.GroupsUsed),
            ["max_position_embeddings"] = spec.Context,
            ["vocab_size"] = spec.Vocab,
            ["rope_theta"] = spec.RopeBase,
            ["rope_scaling"] = spec.YarnFactor > 0 ? new JsonObject
            {
                ["type"] = "yarn", ["factor"] = spec.YarnFactor, ["original_max_position_embeddings"] = spec.YarnOriginalContext,
                ["mscale"] = spec.MscaleAllDim, ["mscale_all_dim"] = spec.MscaleAllDim, ["beta_fast"] = 32, ["beta_slow"] = 1,
            } : null,
            ["rms_norm_eps"] = spec.Eps,
            ["tie_word_embeddings"] = spec.TiedEmbeddings,
            ["hidden_act"] = "silu",
            ["attention_bias"] = false,
            ["bos_token_id"] = (int)SpmVocab.Bos,
            ["eos_token_id"] = (int)SpmVocab.Eos,
            ["torch_dtype"] = spec.WeightType == GgmlType.F16 ? "float16" : "float32",
        };
        if (spec.HasIndexer)
        {
            c["index_n_heads"] = spec.IndexerHeads;
            c["index_head_dim"] = spec.IndexerDim;
            c["index_topk"] = spec.IndexerTopK;
        }
        if (spec.IndexerTypes is { } types) c["indexer_types"] = new JsonArray([.. types.Select(t => JsonValue.Create(t ? "full" : "shared"))]);
        if (spec.Architecture == "glm-dsa")
        {
            c.Remove("rope_theta");
            c.Remove("rope_scaling");
            c["rope_parameters"] = new JsonObject { ["rope_theta"] = spec.RopeBase, ["rope_type"] = "default" };
            c["rope_interleave"] = true;
            c["topk_method"] = "noaux_tc";
        }
        File.WriteAllText(path, c.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
