using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;
using LongDoc.Testing.RandomModels;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// Block-sparse attention with a budget that covers the context reads every block, so it must equal dense attention:
/// logits at every position within 1e-5 relative L2, for every architecture, in prefill (batches that start inside a
/// block) and in decode. Every layer runs the sparse op (no dense layers, no short-context fallback). F32 cache.
/// </summary>
public sealed class SparseAttentionExactnessTests(ITestOutputHelper output) : IDisposable
{
    static readonly Dictionary<string, RandomModelSpec> Specs = new()
    {
        ["qwen3moe"] = OracleConfigs.Specs["moe-e8-gqa2"],
        ["qwen3"] = OracleConfigs.Specs["dense-gqa2"],
        ["llama"] = new() { Architecture = "llama", Embedding = 64, Heads = 4, KvHeads = 2, HeadDim = 16, Experts = 0, Ffn = 96, Vocab = 320, Seed = 3, RopeBase = 10000f },
        ["mixtral"] = new() { Architecture = "llama", Embedding = 64, Heads = 4, KvHeads = 2, HeadDim = 16, Experts = 4, ExpertsUsed = 2, ExpertFfn = 64, Vocab = 320, Seed = 1, RopeBase = 1_000_000f },
        ["deepseek2-no-q-lora"] = DeepSeek2Configs.Specs["v2lite-legacy"],
        ["deepseek2-q-lora"] = DeepSeek2Configs.Specs["v3-split"],
        // more heads than the sparse path's token chunk (64): decode absorbs every head of its one token at once
        ["deepseek2-72-heads"] = DeepSeek2Configs.Specs["v3-split"] with { Heads = 72 },
    };

    const int Block = 8;
    static readonly SparseAttentionOptions AllBlocks = new() { Block = Block, Window = 16, Budget = 9 * Block, DenseLayers = [], DenseBelowBudget = false };

    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-sparse-exact-");

    string Write(string config)
    {
        string path = Path.Combine(_dir.FullName, config + ".gguf");
        if (!File.Exists(path)) RandomModelWriter.WriteGguf(Specs[config], path);
        return path;
    }

    static float[] Logits(string path, SparseAttentionOptions attention, int maxBatch, out int[] prompt)
    {
        using var model = ModelLoader.Load(path, new RuntimeOptions { KvCacheType = KvCacheType.F32, Threads = 2, MaxBatch = maxBatch, ContextSize = 128, Attention = attention });
        prompt = OracleConfigs.Prompt(Specs.Values.First(s => s.Vocab == model.Config.VocabSize));
        var logits = new float[prompt.Length * model.Config.VocabSize];
        model.Model.Forward(prompt, logits);
        return logits;
    }

    /// <summary>Prefill of all but the last <paramref name="decoded"/> tokens, then one token at a time; last rows only.</summary>
    static float[] DecodedLogits(string path, SparseAttentionOptions attention, int[] prompt, int decoded)
    {
        using var model = ModelLoader.Load(path, new RuntimeOptions { KvCacheType = KvCacheType.F32, Threads = 2, ContextSize = 128, Attention = attention });
        int v = model.Config.VocabSize, head = prompt.Length - decoded;
        var logits = new float[decoded * v];
        model.Model.Forward(prompt.AsSpan(0, head), new float[v]);
        for (int i = 0; i < decoded; i++) model.Model.Forward(prompt.AsSpan(head + i, 1), logits.AsSpan(i * v, v));
        return logits;
    }

    static double Worst(float[] expected, float[] actual, int v, int firstRow = 0)
    {
        double worst = 0;
        for (int t = 0; t < actual.Length / v; t++)
            worst = Math.Max(worst, OracleConfigs.RelativeL2(expected.AsSpan((firstRow + t) * v, v), actual.AsSpan(t * v, v)));
        return worst;
    }

    public static TheoryData<string> Configs() => [.. Specs.Keys];

    [Theory]
    [MemberData(nameof(Configs))]
    public void BudgetCoversContext_PrefillAndDecode_EqualDenseLogits(string config)
    {
        string path = Write(config);
        int v = Specs[config].Vocab;
        var dense = Logits(path, SparseAttentionOptions.Dense, 512, out var prompt);
        double prefill = Worst(dense, Logits(path, AllBlocks, 20, out _), v);
        double decode = Worst(dense, DecodedLogits(path, AllBlocks, prompt, 12), v, prompt.Length - 12);
        output.WriteLine($"{config}: sparse (every block) vs dense, worst relative L2: prefill {prefill:E2}, decode {decode:E2}");
        Assert.InRange(prefill, 0, 1e-5);
        Assert.InRange(decode, 0, 1e-5);
    }

    [Theory]
    [InlineData("qwen3moe")]
    [InlineData("deepseek2-q-lora")]
    public void BindingBudget_EarlyLogitsExactLateLogitsMove(string config)
    {
        // Budget 24 tokens of 72: positions past the budget read only the sink, the window and one more block.
        string path = Write(config);
        int v = Specs[config].Vocab;
        var dense = Logits(path, SparseAttentionOptions.Dense, 512, out _);
        var sparse = Logits(path, AllBlocks with { Budget = 24 }, 512, out _);
        double early = Worst(dense.AsSpan(0, 24 * v).ToArray(), sparse.AsSpan(0, 24 * v).ToArray(), v);
        double late = Worst(dense, sparse.AsSpan(48 * v).ToArray(), v, 48);
        output.WriteLine($"{config}: budget 24 of 72 tokens: worst relative L2 {early:E2} (first 24 positions), {late:E2} (last 24)");
        Assert.InRange(early, 0, 1e-5);
        Assert.InRange(late, 1e-5, 1.0);
    }

    [Fact]
    public void UseAttention_DenseThenSparse_SwitchesWithoutReload()
    {
        string path = Write("qwen3");
        int v = Specs["qwen3"].Vocab;
        var dense = Logits(path, SparseAttentionOptions.Dense, 512, out var prompt);
        var bound = AllBlocks with { Budget = 24 };
        var sparse = Logits(path, bound, 512, out _);
        using var model = ModelLoader.Load(path, new RuntimeOptions { KvCacheType = KvCacheType.F32, Threads = 2, ContextSize = 128, Attention = bound });
        var logits = new float[prompt.Length * v];
        model.Transformer.UseAttention(SparseAttentionOptions.Dense);
        model.Model.Forward(prompt, logits);
        Assert.Equal(dense, logits);
        model.Model.Truncate(0);
        model.Transformer.UseAttention(bound);
        model.Model.Forward(prompt, logits);
        Assert.Equal(sparse, logits);
        Assert.Throws<ArgumentException>(() => model.Transformer.UseAttention(bound with { Block = 16 }));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
