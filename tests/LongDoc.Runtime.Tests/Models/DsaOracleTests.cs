using LongDoc.Runtime.Models;
using LongDoc.Testing.Oracle;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// deepseek32 and glm-dsa files from the random-model writer, run by llama.cpp's own DSA implementation, against our
/// dense MLA with top_k = the context (every position selected, so DSA is dense attention): the files' keys and
/// tensor names are the ones llama.cpp loads, and the MLA under the indexer matches (README "How correctness is checked").
/// </summary>
public sealed class DsaOracleTests(DsaModelFiles files, ITestOutputHelper output) : IClassFixture<DsaModelFiles>
{
    [Theory]
    [InlineData("deepseek32")]
    [InlineData("glm-dsa")]
    public void Logits_TopKCoversTheContext_MatchLlamaCpp(string architecture)
    {
        string path = files.OracleGguf(architecture);
        var prompt = OracleConfigs.Prompt(DsaConfigs.Oracle(architecture));
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
