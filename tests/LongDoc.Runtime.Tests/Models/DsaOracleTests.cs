using LongDoc.Runtime.Models;
using LongDoc.Testing.Oracle;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// deepseek32 and glm-dsa files from the random-model writer, run by llama.cpp's own DSA implementation (the indexer's
/// top-k applied as a mask over dense MLA) against ours (MLA over the gathered selection): with top_k = the context
/// (every position selected, so DSA is dense attention) and with top_k 16 of 200 positions, where every position past
/// the 16th depends on the indexer choosing what llama.cpp chooses (README "How correctness is checked").
/// </summary>
public sealed class DsaOracleTests(DsaModelFiles files, ITestOutputHelper output) : IClassFixture<DsaModelFiles>
{
    [Theory]
    [InlineData("deepseek32")]
    [InlineData("glm-dsa")]
    public void Logits_TopKCoversTheContext_MatchLlamaCpp(string architecture) =>
        Compare(architecture, files.OracleGguf(architecture), OracleConfigs.Prompt(DsaConfigs.Oracle(architecture)));

    [Theory]
    [InlineData("deepseek32")]
    [InlineData("glm-dsa")]
    public void Logits_TopK16Of200_MatchLlamaCppAtEveryPosition(string architecture)
    {
        Compare(architecture, files.SparseOracleGguf(architecture), SparsePrompt(architecture));
    }

    [Theory]
    [InlineData("deepseek32")]
    [InlineData("glm-dsa")]
    public void Generate32Greedy_TopK16_SameIdsAsLlamaCpp(string architecture)
    {
        // decode past top_k: each new token selects 16 of up to 232 positions
        string path = files.SparseOracleGguf(architecture);
        var prompt = SparsePrompt(architecture);
        var expected = LlamaOracle.Generate(path, prompt, OracleConfigs.GenerateTokens);
        using var model = ModelLoader.Load(path, new RuntimeOptions { KvCacheType = KvCacheType.F32, Threads = 2, MaxBatch = 32 });
        Assert.Equal(expected, OracleConfigs.Generate(model.Model, prompt, OracleConfigs.GenerateTokens));
    }

    static int[] SparsePrompt(string architecture)
    {
        var spec = DsaConfigs.SparseOracle(architecture);
        var rng = new Random(spec.Seed * 7 + 2);
        return [.. Enumerable.Range(0, 200).Select(i => i == 0 ? 1 : rng.Next(3, spec.Vocab))];
    }

    void Compare(string architecture, string path, int[] prompt)
    {
        var expected = LlamaOracle.Logits(path, prompt, allPositions: true);

        using var model = ModelLoader.Load(path, new RuntimeOptions { KvCacheType = KvCacheType.F32, Threads = 2, MaxBatch = 32 });
        int v = model.Config.VocabSize;
        var logits = new float[prompt.Length * v];
        model.Model.Forward(prompt, logits);
        double worst = 0;
        for (int t = 0; t < prompt.Length; t++)
            worst = Math.Max(worst, OracleConfigs.RelativeL2(expected[t], logits.AsSpan(t * v, v)));
        output.WriteLine($"{architecture}: {prompt.Length} tokens, max relative L2 {worst:E2}");
        Assert.True(worst <= 1e-4, $"{architecture}: max relative L2 {worst:E2} > 1e-4");
    }
}
