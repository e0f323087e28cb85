using System.Text.Json;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// The MLA part of a <see cref="ModelConfig"/> (deepseek2, deepseek32, glm-dsa): from GGUF keys as llama.cpp's converter
/// writes them (README "What runs") and from a DeepSeek-V2/V3/V3.2 or GLM-5 config.json. <c>defaultGating</c> is the
/// architecture's expert gating when the file does not name one (old V2 files: softmax; GLM: sigmoid). Both normalize the head widths: KeyLength = nope + rope and
/// ValueLength = v per head, HeadCountKv = H, whichever GGUF layout (split attn_k_b/attn_v_b or legacy attn_kv_b).
/// </summary>
internal static class MlaConfigReader
{
    public static ModelConfig FromGguf(GgufFile gguf, ModelConfig c, ExpertGating defaultGating)
    {
        string a = c.Architecture;
        uint Req(string key) => gguf.GetUInt32($"{a}.{key}");
        int kvLora = ModelConfigReader.Positive(gguf, $"{a}.attention.kv_lora_rank", Req("attention.kv_lora_rank"));
        int rope = ModelConfigReader.Positive(gguf, $"{a}.rope.dimension_count", Req("rope.dimension_count"));
        // Split layout: key_length/value_length describe the cache (kv_lora + rope, kv_lora) with head_count_kv 1, and
        // the per-head widths live in key_length_mla/value_length_mla. Legacy layout: key_length/value_length are per head.
        bool split = gguf.TryGetUInt32($"{a}.attention.key_length_mla") is not null;
        int key = split ? (int)Req("attention.key_length_mla") : c.KeyLength;
        int value = split ? (int)Req("attention.value_length_mla") : c.ValueLength;
        if (split && (c.HeadCountKv != 1 || c.KeyLength != kvLora + rope || c.ValueLength != kvLora))
            throw new WeightFormatException(gguf.Path, $"{a}.attention.head_count_kv",
                $"split MLA layout needs head_count_kv 1, key_length {kvLora + rope}, value_length {kvLora}; found {c.HeadCountKv}, {c.KeyLength}, {c.ValueLength}");
        if (!split && c.HeadCountKv != c.HeadCount)
            throw new WeightFormatException(gguf.Path, $"{a}.attention.head_count_kv", $"legacy MLA layout (attn_kv_b) needs head_count_kv = head_count {c.HeadCount}, found {c.HeadCountKv}");
        if (rope >= key || rope % 2 != 0)
            throw new WeightFormatException(gguf.Path, $"{a}.rope.dimension_count", $"{rope} must be even and below the head width {key}");
        int gating = (int)(gguf.TryGetUInt32($"{a}.expert_gating_func") ?? (uint)defaultGating);
        if (!Enum.IsDefined((ExpertGating)gating))
            throw new WeightFormatException(gguf.Path, $"{a}.expert_gating_func", $"{gating} is neither 1 (softmax) nor 2 (sigmoid)");
        RopeYarn? yarn = null;
        string scaling = gguf.TryGetString($"{a}.rope.scaling.type") ?? "none";
        if (scaling is not ("none" or "yarn"))
            throw new WeightFormatException(gguf.Path, $"{a}.rope.scaling.type", $"\"{scaling}\" is not supported for {a} (none or yarn)");
        if (scaling == "yarn")
            yarn = new RopeYarn(gguf.GetFloat32($"{a}.rope.scaling.factor"),
                (int)(gguf.TryGetUInt32($"{a}.rope.scaling.original_context_length") ?? (uint)c.ContextLength),
                // the converter writes 0.1 * mscale_all_dim (llama.cpp divides it back: TAG_DEEPSEEK2_YARN_LOG_MUL_FIX)
                (gguf.TryGetFloat32($"{a}.rope.scaling.yarn_log_multiplier") ?? 0f) / 0.1f,
                gguf.TryGetFloat32($"{a}.rope.scaling.yarn_beta_fast") ?? 32f,
                gguf.TryGetFloat32($"{a}.rope.scaling.yarn_beta_slow") ?? 1f);
        int dense = (int)(gguf.TryGetUInt32($"{a}.leading_dense_block_count") ?? 0);
        if (dense > 0 && c.FeedForwardLength <= 0)
            throw new WeightFormatException(gguf.Path, $"{a}.feed_forward_length", "missing for a model with leading dense layers");
        return c with
        {
            HeadCountKv = c.HeadCount, KeyLength = key, ValueLength = value,
            QLoraRank = (int)(gguf.TryGetUInt32($"{a}.attention.q_lora_rank") ?? 0),
            KvLoraRank = kvLora, RopeDimensionCount = rope,
            LeadingDenseBlockCount = dense,
            ExpertSharedCount = (int)(gguf.TryGetUInt32($"{a}.expert_shared_count") ?? 0),
            ExpertWeightsScale = gguf.TryGetFloat32($"{a}.expert_weights_scale") ?? 0f,
            ExpertGating = (ExpertGating)gating,
            ExpertGroupCount = (int)(gguf.TryGetUInt32($"{a}.expert_group_count") ?? 0),
            ExpertGroupUsedCount = (int)(gguf.TryGetUInt32($"{a}.expert_group_used_count") ?? 0),
            Yarn = yarn,
        };
    }

    /// <summary>A DeepSeek-style MLA config.json (DeepseekV2/V3/V32ForCausalLM, GlmMoeDsaForCausalLM), mapped as llama.cpp's converter maps it.</summary>
    public static ModelConfig FromHf(JsonElement root, string path, string architecture, ExpertGating defaultGating)
    {
        int Int(string key, int? fallback = null)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
                return fallback ?? throw new WeightFormatException(path, key, "missing");
            return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && n >= 0 ? n
                : throw new WeightFormatException(path, key, $"expected a non-negative integer, found {v}");
        }
        float Float(JsonElement o, string key, float fallback) => o.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.Number ? v.GetSingle() : throw new WeightFormatException(path, key, $"expected a number, found {v.ValueKind}")
            : fallback;
        string Str(string key, string fallback) => root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : fallback;
        bool Bool(string key, bool fallback) => root.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

        int heads = Int("num_attention_heads"), nope = Int("qk_nope_head_dim"), rope = Int("qk_rope_head_dim");
        string scoring = Str("scoring_func", defaultGating == ExpertGating.Sigmoid ? "sigmoid" : "softmax");
        var gating = scoring switch
        {
            "softmax" => ExpertGating.Softmax,
            "sigmoid" => ExpertGating.Sigmoid,
            _ => throw new WeightFormatException(path, "scoring_func", $"\"{scoring}\" is neither softmax nor sigmoid"),
        };
        // "greedy" (V2-Lite) ignores n_group; group_limited_greedy (V2) and noaux_tc (V3) use it. llama.cpp scores a
        // group by its two best experts, as V3 does (V2 used the best one).
        // n_group 1 (GLM-5's noaux_tc) is no grouping, as when the method ignores groups.
        bool groups = Str("topk_method", "greedy") != "greedy" && Int("n_group", 0) > 1;
        // MLA's rope part is interleaved (llama.cpp's NORM); transformers' rope_interleave false would be rotate-half
        if (Bool("rope_interleave", true) is false)
            throw new WeightFormatException(path, "rope_interleave", "false (rotate-half RoPE in MLA) is not supported");
        var (ropeTheta, scaling, scalingKey) = HfRopeParameters.Read(root, path);
        RopeYarn? yarn = null;
        if (scaling is { } s)
        {
            string type = HfRopeParameters.Type(s);
            if (type != "yarn") throw new WeightFormatException(path, scalingKey, $"type \"{type}\" is not supported (only yarn)");
            yarn = new RopeYarn(Float(s, "factor", 1f),
                s.TryGetProperty("original_max_position_embeddings", out var o) && o.TryGetInt32(out int orig) ? orig : Int("max_position_embeddings"),
                Float(s, "mscale_all_dim", 0f), Float(s, "beta_fast", 32f), Float(s, "beta_slow", 1f));
        }
        var config = new ModelConfig
        {
            Architecture = architecture,
            ContextLength = Int("max_position_embeddings"),
            EmbeddingLength = Int("hidden_size"),
            BlockCount = Int("num_hidden_layers"),
            HeadCount = heads, HeadCountKv = heads,
            KeyLength = nope + rope, ValueLength = Int("v_head_dim"),
            VocabSize = Int("vocab_size"),
            RopeFreqBase = ropeTheta,
            RopeStyle = RopeStyle.Norm,
            RmsNormEps = Float(root, "rms_norm_eps", 1e-6f),
            FeedForwardLength = Int("intermediate_size"),
            ExpertCount = Int("n_routed_experts"),
            ExpertUsedCount = Int("num_experts_per_tok"),
            ExpertFeedForwardLength = Int("moe_intermediate_size"),
            ExpertWeightsNorm = Bool("norm_topk_prob", false),
            TiedEmbeddings = Bool("tie_word_embeddings", false),
            QLoraRank = Int("q_lora_rank", 0),
            KvLoraRank = Int("kv_lora_rank"),
            RopeDimensionCount = rope,
            LeadingDenseBlockCount = Int("first_k_dense_replace", 0),
            ExpertSharedCount = Int("n_shared_experts", 0),
            ExpertWeightsScale = Float(root, "routed_scaling_factor", 1f),
            ExpertGating = gating,
            ExpertGroupCount = groups ? Int("n_group", 0) : 0,
            ExpertGroupUsedCount = groups ? Int("topk_group", 0) : 0,
            Yarn = yarn,
        };
        if (config.KvLoraRank == 0 || rope == 0 || rope % 2 != 0)
            throw new WeightFormatException(path, "kv_lora_rank", $"MLA needs kv_lora_rank > 0 and an even qk_rope_head_dim (found {config.KvLoraRank}, {rope})");
        ModelConfigReader.Check(config, path, "num_experts_per_tok", "moe_intermediate_size");
        return config;
    }
}
