using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// Reads a <see cref="ModelConfig"/> from GGUF metadata (keys "{arch}.block_count" ... as llama.cpp's converter
/// writes them) or from a Hugging Face config.json (<see cref="HfConfigReader"/>). What differs between
/// architectures is data in their <see cref="ArchitectureDescriptor.Gguf"/>; errors name the file and the key.
/// </summary>
public static class ModelConfigReader
{
    public static ModelConfig FromGguf(GgufFile gguf)
    {
        string arch = gguf.GetString("general.architecture");
        var spec = Architectures.Find(arch)?.Gguf
            ?? throw new WeightFormatException(gguf.Path, "general.architecture",
                $"unsupported architecture \"{arch}\" (supported: {string.Join(", ", Architectures.Supported)})");
        int Req(string key) => Positive(gguf, $"{arch}.{key}", gguf.GetUInt32($"{arch}.{key}"));
        int? Opt(string key) => gguf.TryGetUInt32($"{arch}.{key}") is uint v ? Positive(gguf, $"{arch}.{key}", v) : null;

        int d = Req("embedding_length");
        int heads = Req("attention.head_count");
        int kvHeads = Opt("attention.head_count_kv") ?? heads;
        int keyLength = Opt("attention.key_length") ?? d / heads;
        int experts = spec.Moe ? Req("expert_count") : (int)(gguf.TryGetUInt32($"{arch}.expert_count") ?? 0);
        int ffn = spec.DenseFfn ? Req("feed_forward_length") : (int)(gguf.TryGetUInt32($"{arch}.feed_forward_length") ?? 0);
        if (heads % kvHeads != 0)
            throw new WeightFormatException(gguf.Path, $"{arch}.attention.head_count_kv", $"{kvHeads} does not divide head_count {heads}");

        var embd = gguf.Tensor("token_embd.weight");
        if (embd.Dims.Length != 2 || embd.Dims[0] != d)
            throw new WeightFormatException(gguf.Path, "token_embd.weight", $"dims {{{string.Join(", ", embd.Dims)}}}, expected {{{d}, vocab}}");
        int vocab = checked((int)embd.Dims[1]);
        if (gguf.TryGetArray<string>("tokenizer.ggml.tokens") is { } tokens && tokens.Length != vocab)
            throw new WeightFormatException(gguf.Path, "tokenizer.ggml.tokens", $"{tokens.Length} tokens but token_embd.weight has {vocab} rows");

        var config = new ModelConfig
        {
            Architecture = arch,
            ContextLength = Req("context_length"),
            EmbeddingLength = d,
            BlockCount = Req("block_count"),
            HeadCount = heads,
            HeadCountKv = kvHeads,
            KeyLength = keyLength,
            ValueLength = Opt("attention.value_length") ?? keyLength,
            VocabSize = vocab,
            RopeFreqBase = gguf.TryGetFloat32($"{arch}.rope.freq_base") ?? 10000f,
            RopeStyle = spec.Rope,
            RmsNormEps = gguf.TryGetFloat32($"{arch}.attention.layer_norm_rms_epsilon") ?? 1e-6f,
            FeedForwardLength = ffn,
            ExpertCount = experts,
            ExpertUsedCount = experts > 0 ? Req("expert_used_count") : 0,
            ExpertFeedForwardLength = experts > 0 ? Opt("expert_feed_forward_length") ?? ffn : 0,
            ExpertWeightsNorm = gguf.TryGetBool($"{arch}.expert_weights_norm") ?? spec.ExpertWeightsNorm,
            TiedEmbeddings = !gguf.TryGetTensor("output.weight", out _),
        };
        if (spec.Extra is not null) config = spec.Extra(gguf, config);
        Check(config, gguf.Path, $"{arch}.expert_used_count", $"{arch}.expert_feed_forward_length");
        return config;
    }

    public static ModelConfig FromHfConfig(string configJsonPath) => HfConfigReader.Read(configJsonPath);

    /// <summary>Cross-field checks shared by both readers; the key names are the file's own, for errors.</summary>
    internal static void Check(ModelConfig c, string file, string usedKey, string expertFfnKey)
    {
        if (c.ExpertCount > 0 && (c.ExpertUsedCount < 1 || c.ExpertUsedCount > c.ExpertCount))
            throw new WeightFormatException(file, usedKey, $"{c.ExpertUsedCount} is not in 1..{c.ExpertCount} (expert_count)");
        if (c.ExpertCount > 0 && c.ExpertFeedForwardLength <= 0)
            throw new WeightFormatException(file, expertFfnKey, "missing or zero for a model with experts");
        if (c.ExpertGroupCount > 1 && (c.ExpertCount % c.ExpertGroupCount != 0 || c.ExpertGroupUsedCount < 1 || c.ExpertGroupUsedCount > c.ExpertGroupCount))
            throw new WeightFormatException(file, usedKey, $"expert groups {c.ExpertGroupCount} (using {c.ExpertGroupUsedCount}) do not split {c.ExpertCount} experts");
        if (c.ExpertGroupCount > 1 && c.ExpertUsedCount > c.ExpertGroupUsedCount * (c.ExpertCount / c.ExpertGroupCount))
            throw new WeightFormatException(file, usedKey, $"{c.ExpertUsedCount} experts cannot come from {c.ExpertGroupUsedCount} groups of {c.ExpertCount / c.ExpertGroupCount}");
    }

    internal static int Positive(GgufFile gguf, string key, uint v) =>
        v is > 0 and <= int.MaxValue ? (int)v : throw new WeightFormatException(gguf.Path, key, $"value {v} must be a positive int32");
}
