using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// deepseek32 and glm-dsa until the indexer is computed: their weights are checked, they run as dense MLA, and loading
/// says so whenever the context is longer than the indexer's top_k (the only case where dense differs from DSA).
/// </summary>
public sealed class DsaArchitectureTests(DsaModelFiles files) : IClassFixture<DsaModelFiles>
{
    static float[] Logits(string path, int context = 64)
    {
        using var model = ModelLoader.Load(path, new RuntimeOptions { KvCacheType = KvCacheType.F32, Threads = 2, ContextSize = context, Log = _ => { } });
        int[] prompt = [1, 40, 41, 200, 7, 7, 300, 12, 99, 3];
        var logits = new float[prompt.Length * model.Config.VocabSize];
        model.Model.Forward(prompt, logits);
        return logits;
    }

    static List<string> LoadLog(string path, int context)
    {
        var lines = new List<string>();
        using var model = ModelLoader.Load(path, new RuntimeOptions { ContextSize = context, Log = lines.Add });
        return lines;
    }

    [Theory]
    [InlineData("deepseek32")]
    [InlineData("glm-dsa")]
    public void Load_ContextAboveTopK_SaysTheIndexerIsNotApplied(string architecture)
    {
        var log = LoadLog(files.Gguf(architecture), context: 64); // top_k 32
        Assert.Contains(log, l => l.Contains($"{architecture}: indexer not yet applied: dense attention", StringComparison.Ordinal) && l.Contains("top 32"));
    }

    [Fact]
    public void Load_ContextWithinTopK_SaysNothing()
    {
        // every position is selected while the context is at most top_k: dense attention is exactly DSA
        Assert.DoesNotContain(LoadLog(files.Gguf("deepseek32"), context: 32), l => l.Contains("indexer", StringComparison.Ordinal));
    }

    [Fact]
    public void Forward_DeepSeek32_EqualsItsWeightsRunAsDeepSeek2()
    {
        // the same file renamed deepseek2, without the indexer keys and tensors: dense MLA, bit for bit
        string dense = files.Rewritten("deepseek32", "as-deepseek2.gguf",
            (k, v) => k.Contains(".indexer.", StringComparison.Ordinal) ? null
                : k == "general.architecture" ? (k, "deepseek2")
                : (k.Replace("deepseek32.", "deepseek2.", StringComparison.Ordinal), v),
            t => !t.Contains(".indexer.", StringComparison.Ordinal));
        Assert.Equal(Logits(dense), Logits(files.Gguf("deepseek32")));
    }

    [Theory]
    [InlineData("deepseek32")]
    [InlineData("glm-dsa")]
    public void Forward_HfFolder_SameLogitsAsGguf(string architecture)
    {
        // the folder keeps kv_b_proj combined where the GGUF splits it: only the summation order differs
        var gguf = Logits(files.Gguf(architecture));
        var folder = Logits(files.Safetensors(architecture));
        Assert.True(OracleConfigs.RelativeL2(gguf, folder) < 1e-5, $"{OracleConfigs.RelativeL2(gguf, folder):E2}");
    }

    [Fact]
    public void Load_FullLayerWithoutIndexerTensors_ThrowsNamingTheTensor()
    {
        // glm-dsa layer 1 is "shared" and has none (the fixture loads); layer 2 is "full" and must have them
        string path = files.Rewritten("glm-dsa", "no-indexer-2.gguf", (k, v) => (k, v), t => !t.StartsWith("blk.2.indexer.", StringComparison.Ordinal));
        var e = Assert.Throws<WeightFormatException>(() => ModelLoader.Load(path, new RuntimeOptions { ContextSize = 16 }));
        Assert.Contains("blk.2.indexer.attn_q_b.weight", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Load_IndexerShapeDisagreesWithTheConfig_ThrowsNamingTheTensor()
    {
        string path = files.Rewritten("deepseek32", "heads8.gguf",
            (k, v) => k == "deepseek32.attention.indexer.head_count" ? (k, 8u) : (k, v), _ => true);
        var e = Assert.Throws<WeightFormatException>(() => ModelLoader.Load(path, new RuntimeOptions { ContextSize = 16 }));
        Assert.Equal("blk.0.indexer.attn_q_b.weight", e.Field);
        Assert.Contains("the config says {64, 256}", e.Message);
    }

    [Theory]
    [InlineData("deepseek32")]
    [InlineData("glm-dsa")]
    public void RandomWeights_EveryCheckpointName_MapsToItsGgufName(string architecture)
    {
        var spec = DsaConfigs.Spec(architecture);
        var tensors = RandomWeights.Generate(spec);
        Assert.Equal(tensors.Count, RandomWeights.Count(spec));
        Assert.All(tensors, t => Assert.True(HfNames.TryMap(architecture, t.HfName, out var name, out _) && name == t.InternalName, t.HfName));
        Assert.Equal(architecture == "glm-dsa" ? 10 : 15, tensors.Count(t => t.InternalName.Contains(".indexer.", StringComparison.Ordinal)));
    }
}
