using System.Text.Json;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// The <see cref="DsaIndexer"/> part of a deepseek32 or glm-dsa config: GGUF keys "{arch}.attention.indexer.head_count",
/// ".key_length", ".top_k" (required) and glm-dsa's per-layer ".types", as llama.cpp's converter writes them; or
/// config.json's index_n_heads, index_head_dim, index_topk and indexer_types ("full"/"shared"). The converter keeps the
/// multi-token-prediction layers as extra blocks (nextn_predict_layers); they are not part of the forward pass.
/// </summary>
internal static class DsaIndexerReader
{
    public static ModelConfig FromGguf(GgufFile gguf, ModelConfig c)
    {
        string a = c.Architecture;
        int Req(string key) => ModelConfigReader.Positive(gguf, $"{a}.{key}", gguf.GetUInt32($"{a}.{key}"));
        int nextn = (int)(gguf.TryGetUInt32($"{a}.nextn_predict_layers") ?? 0);
        if (nextn >= c.BlockCount)
            throw new WeightFormatException(gguf.Path, $"{a}.nextn_predict_layers", $"{nextn} prediction layers leave none of the {c.BlockCount} blocks");
        int layers = c.BlockCount - nextn;
        string typesKey = $"{a}.attention.indexer.types";
        var full = gguf.Metadata.TryGetValue(typesKey, out var types) ? FullLayers(types, layers, gguf.Path, typesKey) : null;
        var indexer = new DsaIndexer(Req("attention.indexer.head_count"), Req("attention.indexer.key_length"), Req("attention.indexer.top_k"), full);
        return Checked(c with { BlockCount = layers, Indexer = indexer }, gguf.Path, $"{a}.attention.indexer.key_length", $"{a}.attention.q_lora_rank");
    }

    public static ModelConfig FromHf(JsonElement root, string path, ModelConfig c)
    {
        int Pos(string key) => root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && n > 0 ? n
            : throw new WeightFormatException(path, key, root.TryGetProperty(key, out _) ? $"expected a positive integer, found {v}" : "missing");
        bool[]? full = null;
        if (root.TryGetProperty("indexer_types", out var t) && t.ValueKind != JsonValueKind.Null)
            full = t.ValueKind == JsonValueKind.Array && t.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
                ? FullLayers(t.EnumerateArray().Select(e => e.GetString()!).ToArray(), c.BlockCount, path, "indexer_types")
                : throw new WeightFormatException(path, "indexer_types", "expected a list of \"full\" or \"shared\"");
        var indexer = new DsaIndexer(Pos("index_n_heads"), Pos("index_head_dim"), Pos("index_topk"), full);
        return Checked(c with { Indexer = indexer }, path, "index_head_dim", "q_lora_rank");
    }

    /// <summary>Per-layer types as GGUF stores them (bools from the converter; 0/1 integers or "full"/"shared" strings
    /// in other writers): true = the layer selects its own top-k.</summary>
    static bool[] FullLayers(object types, int layers, string file, string key)
    {
        bool[] full = types switch
        {
            bool[] b => b,
            uint[] u => [.. u.Select(x => x != 0)],
            int[] i => [.. i.Select(x => x != 0)],
            string[] s => [.. s.Select(x => x switch
            {
                "full" => true,
                "shared" => false,
                _ => throw new WeightFormatException(file, key, $"\"{x}\" is neither \"full\" nor \"shared\""),
            })],
            _ => throw new WeightFormatException(file, key, $"has type {types.GetType().Name}, expected an array of bools, integers or strings"),
        };
        if (full.Length < layers)
            throw new WeightFormatException(file, key, $"{full.Length} entries for {layers} layers");
        if (!full[0])
            throw new WeightFormatException(file, key, "layer 0 reuses the top-k of an earlier full layer, and there is none");
        return full[..layers];
    }

    static ModelConfig Checked(ModelConfig c, string file, string keyLengthKey, string qLoraKey)
    {
        var ix = c.Indexer!;
        // the indexer's q and k are split like MLA's: the first RopeDimensionCount rotated, the rest not
        if (ix.KeyLength <= c.RopeDimensionCount || ix.KeyLength % 2 != 0)
            throw new WeightFormatException(file, keyLengthKey, $"{ix.KeyLength} must be even and above the rope width {c.RopeDimensionCount}");
        if (c.QLoraRank == 0)
            throw new WeightFormatException(file, qLoraKey, "missing or 0: the DSA indexer's queries come from the q LoRA");
        return c;
    }
}
