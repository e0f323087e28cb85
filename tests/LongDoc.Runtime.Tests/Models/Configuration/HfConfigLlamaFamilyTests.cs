using System.Text.Json.Nodes;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tests.Weights;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>config.json of LlamaForCausalLM, MixtralForCausalLM and Qwen2ForCausalLM read into the GGUF's config.</summary>
public sealed class HfConfigLlamaFamilyTests : IDisposable
{
    readonly TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    static readonly Dictionary<string, RandomModelSpec> Specs = new()
    {
        ["llama"] = new() { Architecture = "llama", Embedding = 96, Layers = 3, Heads = 6, KvHeads = 2, HeadDim = 16, Experts = 0, Ffn = 160, Context = 512, RopeBase = 5e5f, Eps = 1e-5f },
        ["mixtral"] = new() { Architecture = "llama", Embedding = 64, Layers = 2, Heads = 4, KvHeads = 1, HeadDim = 16, Experts = 8, ExpertsUsed = 2, ExpertFfn = 96, Context = 512 },
        ["qwen2"] = new() { Architecture = "qwen2", Embedding = 96, Layers = 2, Heads = 6, KvHeads = 2, HeadDim = 16, Ffn = 128, TiedEmbeddings = true },
    };

    [Theory]
    [InlineData("llama", RopeStyle.Norm)]
    [InlineData("mixtral", RopeStyle.Norm)]
    [InlineData("qwen2", RopeStyle.Neox)]
    public void FromHfConfig_SameSpec_EqualsFromGgufWithTheFolderRopeStyle(string config, RopeStyle ggufRope)
    {
        var spec = Specs[config];
        string gguf = _dir.File(config + ".gguf"), json = _dir.File(config + ".json");
        RandomModelWriter.WriteGguf(spec, gguf);
        HfConfigWriter.Write(spec, json);
        ModelConfig expected;
        using (var f = GgufFile.Open(gguf)) expected = ModelConfigReader.FromGguf(f);
        Assert.Equal(ggufRope, expected.RopeStyle);
        // the folder keeps Hugging Face's un-permuted q/k rows, which rotate as NEOX; tying is settled by ModelFiles
        Assert.Equal(expected with { RopeStyle = RopeStyle.Neox, TiedEmbeddings = false }, ModelConfigReader.FromHfConfig(json) with { TiedEmbeddings = false });
    }

    [Fact]
    public void FromHfConfig_MixtralWithoutNumLocalExperts_NamesTheKey()
    {
        string path = _dir.File("config.json");
        HfConfigWriter.Write(Specs["mixtral"], path);
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        root.Remove("num_local_experts");
        File.WriteAllText(path, root.ToJsonString());
        var e = Assert.Throws<WeightFormatException>(() => ModelConfigReader.FromHfConfig(path));
        Assert.Equal("num_local_experts", e.Field);
    }

    [Fact]
    public void FromHfConfig_Qwen2SlidingWindow_IsRefusedByName()
    {
        string path = _dir.File("config.json");
        HfConfigWriter.Write(Specs["qwen2"], path);
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        root["use_sliding_window"] = true;
        File.WriteAllText(path, root.ToJsonString());
        Assert.Equal("use_sliding_window", Assert.Throws<WeightFormatException>(() => ModelConfigReader.FromHfConfig(path)).Field);
    }
}
