using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.Oracle;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>deepseek2 properties that need no oracle (formats, layouts, prefill vs absorbed decode, cache precision),
/// and two that show the oracle comparison notices YaRN and the routing groups.</summary>
public sealed class DeepSeek2ConsistencyTests(DeepSeek2ModelFiles files, ITestOutputHelper output) : IClassFixture<DeepSeek2ModelFiles>
{
    static float[] AllLogits(string path, string config, KvCacheType kv = KvCacheType.F32, int maxBatch = 512)
    {
        using var model = ModelLoader.Load(path, new RuntimeOptions { KvCacheType = kv, Threads = 2, MaxBatch = maxBatch });
        return Run(model.Model, config);
    }

    static float[] Run(ILanguageModel model, string config)
    {
        var prompt = OracleConfigs.Prompt(DeepSeek2ModelFiles.Spec(config));
        var logits = new float[prompt.Length * model.Config.VocabSize];
        model.Forward(prompt, logits);
        return logits;
    }

    static double Worst(float[] expected, float[] actual, int v)
    {
        double worst = 0;
        for (int t = 0; t < expected.Length / v; t++)
            worst = Math.Max(worst, OracleConfigs.RelativeL2(expected.AsSpan(t * v, v), actual.AsSpan(t * v, v)));
        return worst;
    }

    [Theory]
    [InlineData("v2lite")]
    [InlineData("v3")]
    public void SplitLayout_SameLogitsAsLegacyLayout(string variant)
    {
        // attn_k_b/attn_v_b hold exactly the numbers of attn_kv_b, re-arranged; only the summation order differs
        // (a matmul in one layout, scaled rows summed in the other).
        var legacy = AllLogits(files.Gguf(variant + "-legacy"), variant + "-legacy");
        var split = AllLogits(files.Gguf(variant + "-split"), variant + "-split");
        double worst = Worst(legacy, split, DeepSeek2ModelFiles.Spec(variant + "-split").Vocab);
        output.WriteLine($"{variant}: split vs legacy, max relative L2 {worst:E2}");
        Assert.True(worst < 1e-5, $"{variant}: {worst:E2}");
    }

    [Theory]
    [InlineData("v2lite-legacy")]
    [InlineData("v3-legacy")]
    public void SafetensorsCopy_F32_IdenticalLogitsToGguf(string config)
    {
        Assert.Equal(AllLogits(files.Gguf(config), config), AllLogits(files.Safetensors(config), config));
    }

    [Theory]
    [InlineData("v2lite-split")]
    [InlineData("v3-legacy")]
    public void AbsorbedDecode_OneTokenAtATime_MatchesDecompressedPrefill(string config)
    {
        // MaxBatch 1 runs every position through the absorbed form; one batch runs them all decompressed (legacy) or
        // absorbed in chunks of tokens (split).
        var prefill = AllLogits(files.Gguf(config), config);
        var decode = AllLogits(files.Gguf(config), config, maxBatch: 1);
        double worst = Worst(prefill, decode, DeepSeek2ModelFiles.Spec(config).Vocab);
        output.WriteLine($"{config}: absorbed vs decompressed, max relative L2 {worst:E2}");
        Assert.True(worst < 1e-5, $"{config}: {worst:E2}");
    }

    [Fact]
    public void AbsorbedDecode_F16Cache_CloseToDecompressedPrefill()
    {
        // Decode reads the f16 latents in place (its query rounded to f16, as llama.cpp's f16 K matmul does); legacy
        // prefill decompresses them widened to f32.
        string config = "v3-legacy", path = files.Gguf(config);
        var prefill = AllLogits(path, config, KvCacheType.F16);
        var decode = AllLogits(path, config, KvCacheType.F16, maxBatch: 1);
        double worst = Worst(prefill, decode, DeepSeek2ModelFiles.Spec(config).Vocab);
        output.WriteLine($"F16 cache, absorbed vs decompressed: max relative L2 {worst:E2}");
        Assert.True(worst < 2e-3, $"{worst:E2}");
    }

    [Fact]
    public void AbsorbedDecode_SwitchedOff_SameGreedyTokens()
    {
        string config = "v3-legacy";   // the split layout runs in latent space whatever the switch says
        var prompt = OracleConfigs.Prompt(DeepSeek2ModelFiles.Spec(config));
        int[] Generate(bool absorb)
        {
            using var model = ModelLoader.Load(files.Gguf(config), new RuntimeOptions { KvCacheType = KvCacheType.F32, Threads = 2 });
            foreach (var block in model.Transformer.Blocks) ((MlaAttention)block.Attention).AbsorbInDecode = absorb;
            return OracleConfigs.Generate(model.Model, prompt, OracleConfigs.GenerateTokens);
        }
        Assert.Equal(Generate(absorb: false), Generate(absorb: true));
    }

    [Fact]
    public void F16LatentCache_CloseToF32()
    {
        string config = "v3-split", path = files.Gguf(config);
        double worst = Worst(AllLogits(path, config), AllLogits(path, config, KvCacheType.F16), DeepSeek2ModelFiles.Spec(config).Vocab);
        output.WriteLine($"F16 vs F32 latent cache: max relative L2 {worst:E2}");
        // Nonzero proves the latent really was stored in f16; f16 keeps 11 significant bits.
        Assert.InRange(worst, 1e-7, 2e-3);
    }

    [Fact]
    public void LatentCache_HoldsKvLoraPlusRopePerPosition()
    {
        var c = ModelFiles.Open(files.Gguf("v3-split"));
        using (c)
        {
            var spec = DeepSeek2ModelFiles.Spec("v3-split");
            Assert.Equal((1, spec.KvLoraRank + spec.RopeDims, 0), c.Config.CacheShape);
        }
    }

    [Theory]
    [InlineData("no YaRN")]
    [InlineData("no groups")]
    public void OracleComparison_NoticesYarnAndGroups(string change)
    {
        // Guards the oracle tests themselves: dropping either feature must move the logits far past 1e-4.
        string config = "v3-legacy", path = files.Gguf(config);
        var prompt = OracleConfigs.Prompt(DeepSeek2ModelFiles.Spec(config));
        var expected = LlamaOracle.Logits(path, prompt, allPositions: true);
        using var mf = ModelFiles.Open(path);
        var altered = change == "no YaRN" ? mf.Config with { Yarn = null } : mf.Config with { ExpertGroupCount = 0, ExpertGroupUsedCount = 0 };
        using var backend = new CpuBackend(2);
        using var model = new TransformerModel(altered, mf.Weights, backend, 256, KvCacheType.F32);
        var logits = Run(model, config);
        int v = altered.VocabSize;
        double worst = 0;
        for (int t = 0; t < prompt.Length; t++) worst = Math.Max(worst, OracleConfigs.RelativeL2(expected[t], logits.AsSpan(t * v, v)));
        output.WriteLine($"{change}: max relative L2 {worst:E2}");
        Assert.True(worst > 1e-3, $"{change}: {worst:E2}");
    }
}
