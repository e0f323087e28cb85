using System.Text.Json.Nodes;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tests.Weights;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Models;

public sealed class ModelConfigReaderTests : IDisposable
{
    readonly TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    static readonly RandomModelSpec Moe = new()
    {
        Embedding = 96, Layers = 3, Heads = 6, KvHeads = 2, HeadDim = 32, Experts = 8, ExpertsUsed = 3,
        ExpertFfn = 64, Vocab = 300, Context = 512, RopeBase = 5e5f, Eps = 1e-5f,
    };

    ModelConfig FromGguf(RandomModelSpec spec)
    {
        string path = _dir.File($"{Guid.NewGuid():N}.gguf");
        RandomModelWriter.WriteGguf(spec, path);
        using var f = GgufFile.Open(path);
        return ModelConfigReader.FromGguf(f);
    }

    ModelConfig FromHf(RandomModelSpec spec)
    {
        string path = _dir.File($"{Guid.NewGuid():N}.json");
        HfConfigWriter.Write(spec, path);
        return ModelConfigReader.FromHfConfig(path);
    }

    [Fact]
    public void FromGguf_Qwen3Moe_ReadsEveryKey()
    {
        var c = FromGguf(Moe);
        Assert.Equal(new ModelConfig
        {
            Architecture = "qwen3moe", ContextLength = 512, EmbeddingLength = 96, BlockCount = 3, HeadCount = 6,
            HeadCountKv = 2, KeyLength = 32, ValueLength = 32, VocabSize = 300, RopeFreqBase = 5e5f,
            RopeStyle = RopeStyle.Neox, RmsNormEps = 1e-5f, FeedForwardLength = 0, ExpertCount = 8,
            ExpertUsedCount = 3, ExpertFeedForwardLength = 64, ExpertWeightsNorm = true, TiedEmbeddings = false,
        }, c);
    }

    [Fact]
    public void FromGguf_Qwen3DenseTied_ReadsFfnAndTiedEmbeddings()
    {
        var c = FromGguf(Moe with { Architecture = "qwen3", Ffn = 160, TiedEmbeddings = true });
        Assert.Equal(("qwen3", 160, 0, true, RopeStyle.Neox), (c.Architecture, c.FeedForwardLength, c.ExpertCount, c.TiedEmbeddings, c.RopeStyle));
        Assert.False(c.IsMoe);
    }

    [Theory]
    [InlineData("qwen3moe")]
    [InlineData("qwen3")]
    public void FromHfConfig_SameSpec_EqualsFromGguf(string arch)
    {
        var spec = Moe with { Architecture = arch, Ffn = 128 };
        // config.json always carries intermediate_size; the GGUF of a MoE model does not need feed_forward_length.
        var expected = FromGguf(spec);
        if (spec.IsMoe) expected = expected with { FeedForwardLength = 128 };
        Assert.Equal(expected, FromHf(spec));
    }

    [Fact]
    public void FromGguf_UnsupportedArchitecture_NamesTheSupportedList()
    {
        string path = _dir.Write("a.gguf", GgufBytes.Header(0, 1).KvString("general.architecture", "gpt9").ToArray());
        using var f = GgufFile.Open(path);
        var e = Assert.Throws<WeightFormatException>(() => ModelConfigReader.FromGguf(f));
        Assert.Equal("general.architecture", e.Field);
        Assert.Contains("qwen3moe, qwen3, qwen2, llama", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void FromGguf_MissingKey_NamesTheKey()
    {
        string path = _dir.Write("a.gguf", GgufBytes.Header(0, 2).KvString("general.architecture", "qwen3")
            .KvU32("qwen3.context_length", 64).ToArray());
        using var f = GgufFile.Open(path);
        var e = Assert.Throws<WeightFormatException>(() => ModelConfigReader.FromGguf(f));
        Assert.Equal("qwen3.embedding_length", e.Field);
        Assert.Contains("key not found", e.Message);
    }

    [Fact]
    public void FromHfConfig_UnsupportedArchitecture_NamesTheSupportedList()
    {
        string path = _dir.File("config.json");
        File.WriteAllText(path, "{\"architectures\": [\"GPT2LMHeadModel\"]}");
        var e = Assert.Throws<WeightFormatException>(() => ModelConfigReader.FromHfConfig(path));
        Assert.Equal("architectures", e.Field);
        Assert.Contains("Qwen3MoeForCausalLM, Qwen3ForCausalLM", e.Message);
    }

    [Theory]
    [InlineData("hidden_size", null, "missing")]
    [InlineData("num_experts", "\"many\"", "non-negative integer")]
    [InlineData("rope_theta", "\"big\"", "expected a number")]
    [InlineData("mlp_only_layers", "[0]", "dense layers")]
    [InlineData("rope_scaling", "{\"type\": \"yarn\"}", "not supported")]
    public void FromHfConfig_BadKey_NamesTheFileAndTheKey(string key, string? json, string problem)
    {
        string path = _dir.File("config.json");
        HfConfigWriter.Write(Moe, path);
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        if (json is null) root.Remove(key);
        else root[key] = JsonNode.Parse(json);
        File.WriteAllText(path, root.ToJsonString());
        var e = Assert.Throws<WeightFormatException>(() => ModelConfigReader.FromHfConfig(path));
        Assert.Equal(key, e.Field);
        Assert.StartsWith($"{path}: {key}: ", e.Message);
        Assert.Contains(problem, e.Message);
    }
}
