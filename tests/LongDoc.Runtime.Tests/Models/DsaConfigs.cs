using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>Random DeepSeek Sparse Attention models: deepseek32 (V3.2-like) and glm-dsa (GLM-5.2-like, layer 1 "shared").</summary>
public static class DsaConfigs
{
    /// <summary>V3.2-like: q LoRA, sigmoid gating with the correction bias, YaRN, split latent layout; indexer 4 x 32, top 32.</summary>
    public static readonly RandomModelSpec DeepSeek32 = new()
    {
        Architecture = "deepseek32", Embedding = 64, Layers = 3, Heads = 4, HeadDim = 16, RopeDims = 8, ValueDim = 16,
        KvLoraRank = 32, QLoraRank = 64, Experts = 8, ExpertsUsed = 2, ExpertFfn = 32, SharedExperts = 1, LeadingDense = 1,
        Ffn = 96, Gating = ExpertGating.Sigmoid, RouterBias = true, NormTopK = true, RoutedScale = 2.5f, YarnFactor = 4f,
        YarnOriginalContext = 64, MscaleAllDim = 1f, IndexerHeads = 4, IndexerDim = 32, IndexerTopK = 32, Vocab = 320,
        Seed = 3, RopeBase = 10000f, Context = 256, SplitKvB = true,
    };

    /// <summary>GLM-5.2-like: the same shapes, no YaRN, layer 1 reuses layer 0's top-k and has no indexer tensors.</summary>
    public static readonly RandomModelSpec GlmDsa = DeepSeek32 with
    {
        Architecture = "glm-dsa", YarnFactor = 0f, MscaleAllDim = 0f, IndexerTypes = [true, false, true], Seed = 4,
    };

    public static RandomModelSpec Spec(string architecture) => architecture == "glm-dsa" ? GlmDsa : DeepSeek32;

    /// <summary>
    /// For llama.cpp: V3.2's MLA widths (kv_lora 512, rope 64, nope 128, v 128; smaller ones trip a ggml view assert in
    /// its DSA graph) and a power-of-two index key of 128, on a small embedding; top_k 256 = the context, so the indexer
    /// selects every position and DSA is dense attention.
    /// </summary>
    public static RandomModelSpec Oracle(string architecture) => Spec(architecture) with
    {
        Layers = 2, Heads = 2, HeadDim = 128, RopeDims = 64, ValueDim = 128, KvLoraRank = 512, IndexerDim = 128,
        IndexerTopK = 256, Context = 256, IndexerTypes = architecture == "glm-dsa" ? [true, false] : null,
    };

    /// <summary>The oracle model with top_k 16 and 32 index heads: past 16 positions the selection matters, and an exact
    /// score tie (every head's ReLU zero at two positions) is improbable.</summary>
    public static RandomModelSpec SparseOracle(string architecture) => Oracle(architecture) with { IndexerTopK = 16, IndexerHeads = 32 };
}

/// <summary>Writes each DSA model once per test run.</summary>
public sealed class DsaModelFiles : IDisposable
{
    readonly ModelFileCache _files = new("longdoc-dsa");

    public string Gguf(string architecture) =>
        _files.Get($"{architecture}.gguf", p => RandomModelWriter.WriteGguf(DsaConfigs.Spec(architecture), p));

    public string OracleGguf(string architecture) =>
        _files.Get($"{architecture}-oracle.gguf", p => RandomModelWriter.WriteGguf(DsaConfigs.Oracle(architecture), p));

    public string SparseOracleGguf(string architecture) =>
        _files.Get($"{architecture}-oracle-top16.gguf", p => RandomModelWriter.WriteGguf(DsaConfigs.SparseOracle(architecture), p));

    public string Safetensors(string architecture) =>
        _files.Get($"{architecture}-hf", p => RandomModelWriter.WriteSafetensors(DsaConfigs.Spec(architecture), p));

    /// <summary>A copy of <paramref name="architecture"/>'s GGUF under <paramref name="name"/> with metadata values
    /// replaced (null = key dropped) or <paramref name="added"/>, and tensors dropped.</summary>
    public string Rewritten(string architecture, string name, Func<string, object, (string Key, object Value)?> metadata, Func<string, bool> keepTensor,
        params (string Key, object Value)[] added) =>
        _files.Get(name, p => Rewrite(Gguf(architecture), p, metadata, keepTensor, added));

    static unsafe void Rewrite(string source, string path, Func<string, object, (string Key, object Value)?> metadata, Func<string, bool> keepTensor,
        (string Key, object Value)[] added)
    {
        using var gguf = GgufFile.Open(source);
        var w = new GgufWriter();
        foreach (var (k, v) in gguf.Metadata)
            if (metadata(k, v) is { } kv) w.Add(kv.Key, kv.Value);
        foreach (var (k, v) in added) w.Add(k, v);
        foreach (var t in gguf.Tensors.Where(t => keepTensor(t.Name)))
            w.AddTensor(t.Name, t.Type, t.Dims, new ReadOnlySpan<byte>(gguf.TensorData(t), checked((int)t.ByteCount)).ToArray());
        w.Write(path);
    }

    public void Dispose() => _files.Dispose();
}
