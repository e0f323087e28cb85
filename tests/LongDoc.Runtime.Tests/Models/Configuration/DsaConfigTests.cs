using System.Text.Json.Nodes;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>deepseek32 and glm-dsa hyper-parameters: the indexer keys of GGUF and config.json, per-layer types, MTP layers.</summary>
public sealed class DsaConfigTests(DsaModelFiles files) : IClassFixture<DsaModelFiles>, IDisposable
{
    readonly Weights.TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    static ModelConfig Read(string path)
    {
        using var f = ModelFiles.Open(path);
        return f.Config;
    }

    [Fact]
    public void DeepSeek32Gguf_ReadsTheIndexerKeysAndTheMla()
    {
        var c = Read(files.Gguf("deepseek32"));
        Assert.Equal("deepseek32", c.Architecture);
        Assert.Equal(new DsaIndexer(4, 32, 32), c.Indexer);
        Assert.Equal((64, 32, 8, 3), (c.QLoraRank, c.KvLoraRank, c.RopeDimensionCount, c.BlockCount));
        Assert.Equal((ExpertGating.Sigmoid, 2.5f, RopeStyle.Norm), (c.ExpertGating, c.ExpertWeightsScale, c.RopeStyle));
        Assert.NotNull(c.Yarn);
    }

    [Fact]
    public void GlmDsaGguf_IndexerTypes_OneFlagPerLayer()
    {
        var ix = Read(files.Gguf("glm-dsa")).Indexer!;
        Assert.Equal([true, false, true], ix.FullLayers);
        Assert.False(ix.IsFull(1));
    }

    [Theory]
    [InlineData("deepseek32")]
    [InlineData("glm-dsa")]
    public void GgufAndConfigJson_GiveTheSameConfig(string architecture) =>
        Assert.Equal(Read(files.Gguf(architecture)), Read(files.Safetensors(architecture)));

    [Fact]
    public void GlmConfigJson_RopeThetaInRopeParameters_Read()
    {
        // GLM-5's config.json (transformers 5) has no top-level rope_theta: a silent 10000 would be a different model
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(files.Safetensors("glm-dsa"), "config.json")))!.AsObject();
        Assert.False(config.ContainsKey("rope_theta"));
        config["rope_parameters"]!["rope_theta"] = 8_000_000;
        string path = _dir.File("config.json");
        File.WriteAllText(path, config.ToJsonString());
        Assert.Equal(8_000_000f, ModelConfigReader.FromHfConfig(path).RopeFreqBase);
    }

    [Theory]
    [InlineData("rope_interleave", "false", "rope_interleave")]
    [InlineData("partial_rotary_factor", "0.5", "partial_rotary_factor")]
    [InlineData("rope_parameters", "{\"rope_type\": \"llama3\", \"rope_theta\": 10000}", "rope_parameters")]
    public void GlmConfigJson_RopeItDoesNotRun_ThrowsNamingTheKey(string key, string json, string field)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(files.Safetensors("glm-dsa"), "config.json")))!.AsObject();
        config[key] = JsonNode.Parse(json);
        string path = _dir.File("config.json");
        File.WriteAllText(path, config.ToJsonString());
        Assert.Equal(field, Assert.Throws<WeightFormatException>(() => ModelConfigReader.FromHfConfig(path)).Field);
    }

    [Fact]
    public void DeepSeek32Gguf_NextnPredictLayers_LeftOutOfTheForwardPass()
    {
        // llama.cpp's converter keeps V3.2's multi-token-prediction layer as an extra block; it is not a decoder layer
        string path = files.Rewritten("deepseek32", "nextn.gguf", (k, v) => (k, v), _ => true, ("deepseek32.nextn_predict_layers", 1u));
        Assert.Equal(2, Read(path).BlockCount);
    }

    [Theory]
    [InlineData("deepseek32.attention.indexer.top_k")]
    [InlineData("deepseek32.attention.indexer.head_count")]
    public void DeepSeek32Gguf_MissingIndexerKey_ThrowsNamingIt(string key)
    {
        string path = files.Rewritten("deepseek32", $"no-{key}.gguf", (k, v) => k == key ? null : (k, v), _ => true);
        var e = Assert.Throws<WeightFormatException>(() => Read(path));
        Assert.Equal(key, e.Field);
    }

    [Fact]
    public void GlmDsaGguf_FirstLayerShared_ThrowsNamingTheKey()
    {
        string path = files.Rewritten("glm-dsa", "shared-first.gguf",
            (k, v) => k == "glm-dsa.attention.indexer.types" ? (k, new[] { false, true, true }) : (k, v), _ => true);
        var e = Assert.Throws<WeightFormatException>(() => Read(path));
        Assert.Equal("glm-dsa.attention.indexer.types", e.Field);
        Assert.Contains("layer 0", e.Message);
    }

    [Theory]
    [InlineData("indexer_types", "[\"full\", \"lightning\", \"full\"]", "neither")]
    [InlineData("indexer_types", "[\"full\"]", "1 entries for 3 layers")]
    [InlineData("index_topk", "0", "positive integer")]
    [InlineData("index_n_heads", null, "missing")]
    [InlineData("q_lora_rank", null, "q LoRA")]
    [InlineData("index_head_dim", "8", "above the rope width")]
    public void GlmConfigJson_BadIndexerKey_ThrowsNamingIt(string key, string? json, string message)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(files.Safetensors("glm-dsa"), "config.json")))!.AsObject();
        if (json is null) config.Remove(key);
        else config[key] = JsonNode.Parse(json);
        string path = _dir.File("config.json");
        File.WriteAllText(path, config.ToJsonString());
        var e = Assert.Throws<WeightFormatException>(() => ModelConfigReader.FromHfConfig(path));
        Assert.Equal(key, e.Field);
        Assert.Contains(message, e.Message);
        Assert.Contains(path, e.Message);
    }
}
