using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// deepseek32 and glm-dsa: their weights are checked; up to top_k positions they are dense MLA, past it each token
/// attends to the indexer's selection only, the same in a prompt batch as token by token.
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

    static readonly int[] LongPrompt = [.. Enumerable.Range(0, 60).Select(i => (i * 53 + 7) % 300 + 3)];

    static float[] Run(string path, bool tokenByToken, AttentionMode mode = AttentionMode.Auto)
    {
        using var model = ModelLoader.Load(path, new RuntimeOptions
        {
            KvCacheType = KvCacheType.F32, Threads = 2, ContextSize = 64, Log = _ => { }, Attention = new SparseAttentionOptions { Mode = mode },
        });
        int v = model.Config.VocabSize;
        var logits = new float[LongPrompt.Length * v];
        if (tokenByToken)
            for (int t = 0; t < LongPrompt.Length; t++) model.Model.Forward(LongPrompt.AsSpan(t, 1), logits.AsSpan(t * v, v));
        else model.Model.Forward(LongPrompt, logits);
        return logits;
    }

    [Theory]
    [InlineData("deepseek32")]
    [InlineData("glm-dsa")]
    public void Forward_PromptPastTopK_FirstTopKPositionsDenseThenSelected(string architecture)
    {
        // the same file with top_k 64 (every position selected: dense MLA) against top_k 32
        string dense = files.Rewritten(architecture, $"{architecture}-top64.gguf",
            (k, v) => k == $"{architecture}.attention.indexer.top_k" ? (k, 64u) : (k, v), _ => true);
        var sparse = Run(files.Gguf(architecture), tokenByToken: false);
        var full = Run(dense, tokenByToken: false);
        int v = sparse.Length / LongPrompt.Length;
        // positions 0..31 see at most 32: all of them, gathered or not; from 32 on one or more are left out
        for (int t = 0; t < LongPrompt.Length; t++)
        {
            double e = OracleConfigs.RelativeL2(full.AsSpan(t * v, v), sparse.AsSpan(t * v, v));
            Assert.True(t < 32 ? e < 1e-6 : e > 1e-6, $"position {t}: relative L2 {e:E2} from dense");
        }
    }

    /// <summary>--attention native (and auto, its default) applies the indexer; dense reads every position, as the same
    /// file with top_k = context does.</summary>
    [Theory]
    [InlineData("deepseek32")]
    [InlineData("glm-dsa")]
    public void Forward_AttentionModes_NativeAndAutoSelectDenseReadsAll(string architecture)
    {
        string everything = files.Rewritten(architecture, $"{architecture}-top64.gguf",
            (k, v) => k == $"{architecture}.attention.indexer.top_k" ? (k, 64u) : (k, v), _ => true);
        var full = Run(everything, tokenByToken: false);
        string path = files.Gguf(architecture);
        Assert.True(OracleConfigs.RelativeL2(full, Run(path, tokenByToken: false, AttentionMode.Dense)) < 1e-6, "dense should ignore the indexer");
        var native = Run(path, tokenByToken: false, AttentionMode.Native);
        Assert.True(OracleConfigs.RelativeL2(full, native) > 1e-6, "native should attend to the selection only");
        Assert.Equal(native, Run(path, tokenByToken: false, AttentionMode.Auto));
    }

    [Theory]
    [InlineData("deepseek32")]
    [InlineData("glm-dsa")]
    public void Forward_PromptPastTopK_TokenByTokenEqualsOneBatch(string architecture)
    {
        string path = files.Gguf(architecture);
        var batch = Run(path, tokenByToken: false);
        var decode = Run(path, tokenByToken: true);
        double worst = OracleConfigs.RelativeL2(batch, decode);
        Assert.True(worst < 1e-5, $"{worst:E2}");
    }

    [Fact]
    public void Forward_ExplainAttention_EachLayerReportsItsSelectionAndTheDenseMassOnIt()
    {
        var options = new RuntimeOptions
        {
            KvCacheType = KvCacheType.F32, Threads = 2, ContextSize = 64, Log = _ => { },
            Attention = new SparseAttentionOptions { Mode = AttentionMode.Native, Explain = true, ExplainMass = true },
        };
        using var model = ModelLoader.Load(files.Gguf("glm-dsa"), options);
        model.Model.Forward(LongPrompt, new float[LongPrompt.Length * model.Config.VocabSize]);
        // top_k 32: token t sees t+1 positions and keeps min(32, t+1); layer 1 reuses layer 0's selection
        long selected = Enumerable.Range(1, LongPrompt.Length).Sum(n => (long)Math.Min(32, n)), visible = Enumerable.Range(1, LongPrompt.Length).Sum(n => (long)n);
        Assert.All(model.Transformer.AttentionTrace!.Layers, l =>
        {
            Assert.True(l.Selected);
            Assert.Equal((selected, visible), (l.BlocksRead, l.BlocksTotal));
            Assert.InRange(l.MeanMass, 0.4, 1 - 1e-6);
        });
        Assert.Contains("dsa     positions read", model.Transformer.AttentionTrace.Format(), StringComparison.Ordinal);
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
