using System.Text.Json;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// Reads a Hugging Face config.json into a <see cref="ModelConfig"/>. The "architectures" entry picks the
/// <see cref="HfClass"/> of an <see cref="ArchitectureDescriptor"/>; keys are transformers' names (hidden_size, num_experts, ...).
/// </summary>
internal static class HfConfigReader
{
    /// <summary>Real config.json files are a few kB; anything far bigger is not one.</summary>
    public const long MaxBytes = 16 << 20;

    public static ModelConfig Read(string path)
    {
        long length = new FileInfo(path).Length;
        if (length > MaxBytes) throw new WeightFormatException(path, "config", $"{length} bytes is over the {MaxBytes}-byte limit for config.json");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new WeightFormatException(path, "config", $"invalid JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new WeightFormatException(path, "config", "not a JSON object");
            string archName = root.TryGetProperty("architectures", out var a) && a.ValueKind == JsonValueKind.Array && a.GetArrayLength() == 1
                && a[0].ValueKind == JsonValueKind.String ? a[0].GetString()! : "";
            var (descriptor, arch) = Architectures.FindHfClass(archName)
                ?? throw new WeightFormatException(path, "architectures",
                    $"unsupported architecture \"{archName}\" (supported: {string.Join(", ", Architectures.SupportedHfClasses)})");
            if (arch.Reader is not null) return arch.Reader(root, path);

            int Int(string key, int? fallback = null) => GetInt(root, path, key, fallback);
            float Float(string key, float fallback) => root.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null
                ? v.ValueKind == JsonValueKind.Number ? v.GetSingle() : throw new WeightFormatException(path, key, $"expected a number, found {v.ValueKind}")
                : fallback;
            bool Bool(string key, bool fallback) => root.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null
                ? v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new WeightFormatException(path, key, $"expected true or false, found {v.ValueKind}")
                : fallback;

            // Of the RoPE scalings only Llama 3.1's "llama3" (per-pair frequency factors) is supported, where the class says so.
            var (ropeTheta, scalingObject, scalingKey) = HfRopeParameters.Read(root, path);
            bool scaled = scalingObject is not null;
            var scaling = scalingObject.GetValueOrDefault();
            if (scaled && !(arch.Llama3RopeScaling && HfLlama3RopeScaling.Is(scaling)))
                throw new WeightFormatException(path, scalingKey, "RoPE scaling is not supported yet");
            // Qwen2's sliding window is off in every released config; llama.cpp ignores it, so a model trained with it is refused.
            if (Bool("use_sliding_window", false))
                throw new WeightFormatException(path, "use_sliding_window", "sliding-window attention is not supported");
            var moe = arch.Moe;
            if (moe is not null)
            {
                if (Int("decoder_sparse_step", 1) != 1)
                    throw new WeightFormatException(path, "decoder_sparse_step", "only every-layer MoE (1) is supported");
                if (root.TryGetProperty("mlp_only_layers", out var dense) && dense.ValueKind == JsonValueKind.Array && dense.GetArrayLength() > 0)
                    throw new WeightFormatException(path, "mlp_only_layers", "dense layers inside a MoE model are not supported");
            }

            int Pos(string key) => Int(key) is > 0 and var n ? n : throw new WeightFormatException(path, key, "must be positive");
            int d = Pos("hidden_size"), heads = Pos("num_attention_heads");
            int kvHeads = Int("num_key_value_heads", heads);
            if (kvHeads == 0) throw new WeightFormatException(path, "num_key_value_heads", "must be positive");
            int headDim = Int("head_dim", d / heads);
            if (heads % kvHeads != 0) throw new WeightFormatException(path, "num_key_value_heads", $"{kvHeads} does not divide num_attention_heads {heads}");
            int experts = moe is null ? 0 : Pos(moe.Count);
            var config = new ModelConfig
            {
                Architecture = descriptor.Name,
                ContextLength = Pos("max_position_embeddings"),
                EmbeddingLength = d,
                BlockCount = Pos("num_hidden_layers"),
                HeadCount = heads,
                HeadCountKv = kvHeads,
                KeyLength = headDim,
                ValueLength = headDim,
                VocabSize = Pos("vocab_size"),
                RopeFreqBase = ropeTheta,
                RopeStyle = arch.Rope,
                RmsNormEps = Float("rms_norm_eps", 1e-6f),
                FeedForwardLength = moe is null ? Int("intermediate_size") : Int("intermediate_size", 0),
                ExpertCount = experts,
                ExpertUsedCount = moe is null ? 0 : Int("num_experts_per_tok"),
                ExpertFeedForwardLength = moe is null ? 0 : Int(moe.Ffn),
                // transformers defaults norm_topk_prob to false; Mixtral always renormalizes; unused when dense
                ExpertWeightsNorm = moe is null || moe.NormTopK is null || Bool(moe.NormTopK, false),
                TiedEmbeddings = Bool("tie_word_embeddings", false),
                RopeFreqFactors = scaled ? HfLlama3RopeScaling.Factors(scaling, path, ropeTheta, headDim) : null,
            };
            ModelConfigReader.Check(config, path, "num_experts_per_tok", moe?.Ffn ?? "intermediate_size");
            return config;
        }
    }

    static int GetInt(JsonElement root, string path, string key, int? fallback)
    {
        if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
            return fallback ?? throw new WeightFormatException(path, key, "missing");
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int n) || n < 0)
            throw new WeightFormatException(path, key, $"expected a non-negative integer, found {v}");
        return n;
    }
}
