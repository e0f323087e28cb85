using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>The table of descriptors against the random-model writer: every architecture that runs can be written,
/// its checkpoint names map through its own rows, and its config.json class reads back as it.</summary>
public sealed class ArchitecturesTests : IDisposable
{
    readonly Weights.TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Names() => [.. Architectures.Supported];

    /// <summary>A small model of <paramref name="architecture"/> every writer accepts (qwen2: heads x head dim = D;
    /// DSA: q LoRA; glm-dsa: sigmoid).</summary>
    static RandomModelSpec Spec(string architecture) => new()
    {
        Architecture = architecture, HeadDim = 16, QLoraRank = 64, Gating = ExpertGating.Sigmoid, Layers = 2,
    };

    [Fact]
    public void RandomModelTraits_CoverEveryArchitecture() =>
        Assert.Equal(Architectures.Supported.Order(), RandomModelSpec.Traits.Keys.Order());

    [Theory]
    [MemberData(nameof(Names))]
    public void RandomModel_EveryCheckpointName_MapsThroughItsDescriptor(string architecture) =>
        Assert.All(RandomWeights.Generate(Spec(architecture)),
            t => Assert.True(HfNames.TryMap(architecture, t.HfName, out var name, out _) && name == t.InternalName, t.HfName));

    [Theory]
    [MemberData(nameof(Names))]
    public void RandomModel_ConfigJsonClass_ReadsBackAsTheArchitecture(string architecture)
    {
        string path = _dir.File($"{architecture}.json");
        HfConfigWriter.Write(Spec(architecture), path);
        Assert.Equal(architecture, ModelConfigReader.FromHfConfig(path).Architecture);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ConfigJson_RopeThetaOnlyInRopeParameters_IsRead(string architecture)
    {
        // transformers 5 writes rope_theta inside rope_parameters; a silent default of 10000 would be another model
        string path = _dir.File($"{architecture}-t5.json");
        HfConfigWriter.Write(Spec(architecture), path);
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        config.Remove("rope_theta");
        config.Remove("rope_scaling");
        config["rope_parameters"] = new System.Text.Json.Nodes.JsonObject { ["rope_theta"] = 123456f, ["rope_type"] = "default" };
        File.WriteAllText(path, config.ToJsonString());
        Assert.Equal(123456f, ModelConfigReader.FromHfConfig(path).RopeFreqBase);
    }

    [Fact]
    public void FindHfClass_EveryClass_BelongsToOneArchitecture()
    {
        foreach (var a in Architectures.All)
            foreach (var c in a.HfClasses)
                Assert.Same(a, Architectures.FindHfClass(c.Name)!.Value.Architecture);
        Assert.Null(Architectures.FindHfClass("GPT2LMHeadModel"));
    }
}
