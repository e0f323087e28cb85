using LongDoc.Runtime.Models;
using System.Runtime.InteropServices;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Testing.RandomModels;

/// <summary>
/// Writes the weights of a <see cref="RandomModelSpec"/> as a GGUF file (llama.cpp layout and keys, minimal SPM
/// vocabulary: README "How correctness is checked") or as a Hugging Face folder (config.json + safetensors with the architecture's checkpoint
/// names). Both hold the same numbers (<see cref="RandomWeights"/>), llama's q/k rows in each format's own order.
/// </summary>
public static class RandomModelWriter
{
    /// <summary>
    /// Writes the GGUF file; with <paramref name="dequantized"/>, quantized matrices are stored as F32 holding their
    /// dequantized values, so llama.cpp on both files must agree up to its activation quantization.
    /// </summary>
    public static void WriteGguf(RandomModelSpec spec, string path, bool dequantized = false)
    {
        spec.Validate();
        var w = new GgufWriter();
        foreach (var (key, value) in GgufMetadata(spec)) w.Add(key, value);
        // Encoded as generated so only bytes are held. Per-expert checkpoint tensors (E of (out, in)) become one
        // stacked tensor, ggml ne = {in, out, E}, in the order of their first appearance.
        var order = new List<string>();
        var parts = new Dictionary<string, (RandomTensor First, List<byte[]> Bytes)>();
        foreach (var t in RandomWeights.Stream(spec).SelectMany(t => GgufForm(spec, t)))
        {
            var stored = dequantized && RandomModelSpec.IsQuantized(t.GgufType) ? t with { GgufType = GgmlType.F32 } : t;
            if (!parts.TryGetValue(t.InternalName, out var p)) { order.Add(t.InternalName); parts[t.InternalName] = p = (stored, []); }
            p.Bytes.Add(stored.GgufType == t.GgufType && t.Encoded is not null ? t.Encoded : Encode(t.Values, stored.GgufType, (int)t.Shape[^1]));
        }
        foreach (var name in order)
        {
            var (first, bytes) = parts[name];
            long[] dims = first.Shape.Reverse().ToArray();
            if (first.Expert >= 0) dims = [.. dims, bytes.Count];
            w.AddTensor(name, first.GgufType, dims, bytes.Count == 1 ? bytes[0] : Concat(bytes));
            parts.Remove(name);
        }
        if (spec.Llama3RopeFactor > 0) // one model-wide tensor, F32, ne {Dh/2}, as the converter writes it
            w.AddTensor("rope_freqs.weight", GgmlType.F32, [spec.HeadDim / 2], Encode(
                Llama3RopeFactors.Compute(spec.RopeBase, spec.HeadDim, spec.Llama3RopeFactor, spec.Llama3OriginalContext), GgmlType.F32, spec.HeadDim / 2));
        w.Write(path);
    }

    /// <summary>Writes config.json and the safetensors file(s); with <paramref name="shards"/> &gt; 1, also the index.</summary>
    public static void WriteSafetensors(RandomModelSpec spec, string folder, int shards = 1)
    {
        spec.Validate();
        Directory.CreateDirectory(folder);
        HfConfigWriter.Write(spec, Path.Combine(folder, "config.json"));
        var dtype = spec.WeightType == GgmlType.F16 ? GgmlType.F16 : GgmlType.F32;
        int perShard = (RandomWeights.Count(spec) + shards - 1) / shards;
        var weightMap = new Dictionary<string, string>();
        long total = 0;
        using var tensors = RandomWeights.Stream(spec).GetEnumerator();
        for (int s = 0; s < shards; s++)
        {
            string name = shards == 1 ? "model.safetensors" : $"model-{s + 1:D5}-of-{shards:D5}.safetensors";
            var w = new SafetensorsWriter().AddMetadata("format", "pt");
            for (int i = 0; i < perShard && tensors.MoveNext(); i++)
            {
                var t = tensors.Current;
                var bytes = Encode(HfValues(spec, t), dtype, (int)t.Shape[^1]);
                w.AddTensor(t.HfName, dtype, t.Shape, bytes);
                weightMap[t.HfName] = name;
                total += bytes.Length;
            }
            w.Write(Path.Combine(folder, name));
        }
        if (shards > 1) SafetensorsWriter.WriteIndex(Path.Combine(folder, SafetensorsFolder.IndexFileName), weightMap, total);
    }

    /// <summary>
    /// The values as the Hugging Face checkpoint holds them: llama's q/k rows un-permuted (<see cref="LlamaRopeRows"/>),
    /// the rest as generated.
    /// </summary>
    static float[] HfValues(RandomModelSpec spec, RandomTensor t)
    {
        if (!spec.IsLlama) return t.Values;
        if (t.HfName.EndsWith("self_attn.q_proj.weight", StringComparison.Ordinal)) return LlamaRopeRows.ToHf(t.Values, spec.Heads, (int)t.Shape[1]);
        if (t.HfName.EndsWith("self_attn.k_proj.weight", StringComparison.Ordinal)) return LlamaRopeRows.ToHf(t.Values, spec.KvHeads, (int)t.Shape[1]);
        return t.Values;
    }

    /// <summary>Checkpoint tensor -> GGUF tensors: the same, except kv_b_proj in the split deepseek2 layout.</summary>
    static IEnumerable<RandomTensor> GgufForm(RandomModelSpec spec, RandomTensor t) =>
        spec.IsDeepSeek && spec.SplitKvB && t.InternalName.EndsWith("attn_kv_b.weight", StringComparison.Ordinal)
            ? RandomDeepSeekWeights.Split(spec, t) : [t];

    static byte[] Concat(List<byte[]> parts)
    {
        var all = new byte[parts.Sum(p => (long)p.Length)];
        long at = 0;
        foreach (var p in parts) { p.CopyTo(all, at); at += p.Length; }
        return all;
    }

    static IEnumerable<KeyValuePair<string, object>> GgufMetadata(RandomModelSpec spec)
    {
        string a = spec.Architecture;
        var (tokens, scores, types) = SpmVocab.Build(spec.Vocab);
        var kv = new List<KeyValuePair<string, object>>
        {
            new("general.architecture", a),
            new("general.name", $"random-{a}-seed{spec.Seed}"),
            new($"{a}.context_length", (uint)spec.Context),
            new($"{a}.embedding_length", (uint)spec.Embedding),
            new($"{a}.block_count", (uint)spec.Layers),
            new($"{a}.attention.head_count", (uint)spec.Heads),
            new($"{a}.rope.freq_base", spec.RopeBase),
            new($"{a}.attention.layer_norm_rms_epsilon", spec.Eps),
        };
        if (spec.IsDeepSeek) kv.AddRange(DeepSeekMetadata(spec));
        else
        {
            kv.Add(new($"{a}.attention.head_count_kv", (uint)spec.KvHeads));
            kv.Add(new($"{a}.attention.key_length", (uint)spec.HeadDim));
            kv.Add(new($"{a}.attention.value_length", (uint)spec.HeadDim));
        }
        if (spec.IsMoe)
        {
            kv.Add(new($"{a}.expert_count", (uint)spec.Experts));
            kv.Add(new($"{a}.expert_used_count", (uint)spec.ExpertsUsed));
            // Mixtral (llama with experts) keeps the expert width in feed_forward_length, as llama.cpp's converter writes it
            kv.Add(new(spec.IsLlama ? $"{a}.feed_forward_length" : $"{a}.expert_feed_forward_length", (uint)spec.ExpertFfn));
        }
        else kv.Add(new($"{a}.feed_forward_length", (uint)spec.Ffn));
        kv.Add(new("tokenizer.ggml.model", "llama"));
        kv.Add(new("tokenizer.ggml.tokens", tokens));
        kv.Add(new("tokenizer.ggml.scores", scores));
        kv.Add(new("tokenizer.ggml.token_type", types));
        kv.Add(new("tokenizer.ggml.bos_token_id", SpmVocab.Bos));
        kv.Add(new("tokenizer.ggml.eos_token_id", SpmVocab.Eos));
        kv.Add(new("tokenizer.ggml.unknown_token_id", SpmVocab.Unk));
        kv.Add(new("tokenizer.ggml.add_bos_token", true));
        kv.Add(new("tokenizer.ggml.add_eos_token", false));
        return kv;
    }

    /// <summary>MLA keys (README "What runs"; deepseek32 and glm-dsa add the indexer's). Split layout: head_count_kv 1 and
    /// the cache widths in key/value_length.</summary>
    static IEnumerable<KeyValuePair<string, object>> DeepSeekMetadata(RandomModelSpec s)
    {
        string arch = s.Architecture;
        int dk = s.HeadDim + s.RopeDims;
        var kv = new List<KeyValuePair<string, object>>
        {
            new($"{arch}.attention.head_count_kv", (uint)(s.SplitKvB ? 1 : s.Heads)),
            new($"{arch}.attention.key_length", (uint)(s.SplitKvB ? s.KvLoraRank + s.RopeDims : dk)),
            new($"{arch}.attention.value_length", (uint)(s.SplitKvB ? s.KvLoraRank : s.ValueDim)),
            new($"{arch}.attention.q_lora_rank", (uint)s.QLoraRank),
            new($"{arch}.attention.kv_lora_rank", (uint)s.KvLoraRank),
            new($"{arch}.rope.dimension_count", (uint)s.RopeDims),
            new($"{arch}.feed_forward_length", (uint)s.Ffn),
            new($"{arch}.leading_dense_block_count", (uint)s.LeadingDense),
            new($"{arch}.expert_shared_count", (uint)s.SharedExperts),
            new($"{arch}.expert_weights_scale", s.RoutedScale),
            new($"{arch}.expert_weights_norm", s.NormTopK),
            new($"{arch}.expert_gating_func", (uint)s.Gating),
        };
        if (s.SplitKvB)
        {
            kv.Add(new($"{arch}.attention.key_length_mla", (uint)dk));
            kv.Add(new($"{arch}.attention.value_length_mla", (uint)s.ValueDim));
        }
        if (s.Groups > 1)
        {
            kv.Add(new($"{arch}.expert_group_count", (uint)s.Groups));
            kv.Add(new($"{arch}.expert_group_used_count", (uint)s.GroupsUsed));
        }
        if (s.HasIndexer)
        {
            kv.Add(new($"{arch}.attention.indexer.head_count", (uint)s.IndexerHeads));
            kv.Add(new($"{arch}.attention.indexer.key_length", (uint)s.IndexerDim));
            kv.Add(new($"{arch}.attention.indexer.top_k", (uint)s.IndexerTopK));
        }
        // as llama.cpp's converter writes config.json's indexer_types: a bool per layer, true = "full"
        if (s.IndexerTypes is not null) kv.Add(new($"{arch}.attention.indexer.types", s.IndexerTypes));
        if (s.YarnFactor > 0)
        {
            kv.Add(new($"{arch}.rope.scaling.type", "yarn"));
            kv.Add(new($"{arch}.rope.scaling.factor", s.YarnFactor));
            kv.Add(new($"{arch}.rope.scaling.original_context_length", (uint)s.YarnOriginalContext));
            kv.Add(new($"{arch}.rope.scaling.yarn_log_multiplier", 0.1f * s.MscaleAllDim));
        }
        return kv;
    }

    /// <summary>Little-endian bytes of <paramref name="values"/> in <paramref name="type"/>; blocks run along rows of <paramref name="cols"/>.</summary>
    public static byte[] Encode(float[] values, GgmlType type, int cols)
    {
        if (!RowEncoder.CanEncode(type)) throw new ArgumentException($"cannot encode {type}");
        int rowBytes = checked((int)GgmlTypeInfo.RowBytes(type, cols)), rows = values.Length / cols;
        var bytes = new byte[rows * rowBytes];
        for (int r = 0; r < rows; r++) RowEncoder.FromSingle(type, values.AsSpan(r * cols, cols), bytes.AsSpan(r * rowBytes, rowBytes));
        return bytes;
    }
}
