using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>Properties of our own forward pass that need no oracle: formats, cache precision, batching, rewinding.</summary>
public sealed class Qwen3ConsistencyTests(OracleModelFiles files, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<OracleModelFiles>
{
    static float[] AllLogits(string path, KvCacheType kv = KvCacheType.F32, int maxBatch = 512)
    {
        using var model = ModelLoader.Load(path, new RuntimeOptions { KvCacheType = kv, Threads = 2, MaxBatch = maxBatch });
        var prompt = OracleConfigs.Prompt(OracleConfigs.Specs.Values.First(s => s.Vocab == model.Config.VocabSize));
        var logits = new float[prompt.Length * model.Config.VocabSize];
        model.Model.Forward(prompt, logits);
        return logits;
    }

    static double WorstRelativeL2(float[] expected, float[] actual, int v)
    {
        double worst = 0;
        for (int t = 0; t < expected.Length / v; t++)
            worst = Math.Max(worst, OracleConfigs.RelativeL2(expected.AsSpan(t * v, v), actual.AsSpan(t * v, v)));
        return worst;
    }

    [Theory]
    [InlineData("moe-e16-gqa4")]
    [InlineData("moe-e8-gqa2")]
    [InlineData("dense-gqa2")]
    public void SafetensorsCopy_F32_IdenticalLogitsToGguf(string config)
    {
        // Same numbers in the same stored type through the same kernels: identical, not merely close.
        Assert.Equal(AllLogits(files.Gguf(config, GgmlType.F32)), AllLogits(files.Safetensors(config, GgmlType.F32)));
    }

    [Fact]
    public void SafetensorsCopy_F16_LogitsWithinF16ToleranceOfGguf()
    {
        // The GGUF keeps the router (ffn_gate_inp) in F32, the folder stores it F16 with the same values; an F16
        // matmul rounds its activations to f16 (as llama.cpp), so the router logits move by ~1e-4, no more.
        var gguf = AllLogits(files.Gguf("moe-e8-gqa2", GgmlType.F16));
        var hf = AllLogits(files.Safetensors("moe-e8-gqa2", GgmlType.F16));
        Assert.InRange(WorstRelativeL2(gguf, hf, OracleConfigs.Specs["moe-e8-gqa2"].Vocab), 0, 2e-3);
    }

    [Theory]
    [InlineData("moe-e16-gqa4")]
    [InlineData("dense-gqa2")]
    public void F16KvCache_CloseToF32KvCache(string config)
    {
        string path = files.Gguf(config, GgmlType.F32);
        var f32 = AllLogits(path, KvCacheType.F32);
        var f16 = AllLogits(path, KvCacheType.F16);
        double worst = WorstRelativeL2(f32, f16, OracleConfigs.Specs[config].Vocab);
        output.WriteLine($"{config}: F16 vs F32 KV cache, max relative L2 {worst:E2}");
        // f16 keeps 11 significant bits (relative error <= 2^-12 per element); measured ~1.5e-4 at the logits.
        // Nonzero proves the cache really was f16.
        Assert.InRange(worst, 1e-6, 1e-3);
    }

    [Fact]
    public void Prefill_InBatchesOf1Or7Or512_SameLogits()
    {
        // F32 weights: F16 and Q8_0 matmuls re-round their activations, which turns a 1-ulp change of summation order
        // (tiles in prefill, single dots in decode) into ~1e-4 jumps; F32 shows the batching itself is exact.
        string path = files.Gguf("moe-e8-gqa2", GgmlType.F32);
        var whole = AllLogits(path);
        int v = OracleConfigs.Specs["moe-e8-gqa2"].Vocab;
        double by7 = WorstRelativeL2(whole, AllLogits(path, maxBatch: 7), v), by1 = WorstRelativeL2(whole, AllLogits(path, maxBatch: 1), v);
        output.WriteLine($"batch 7: {by7:E2}, batch 1: {by1:E2}");
        Assert.True(by7 < 1e-5, $"batch 7: {by7:E2}");
        Assert.True(by1 < 1e-5, $"batch 1: {by1:E2}");
    }

    [Fact]
    public void Truncate_ThenRefeed_GivesSameLastLogits()
    {
        using var model = ModelLoader.Load(files.Gguf("moe-e4-gqa1", GgmlType.Q8_0), new RuntimeOptions { KvCacheType = KvCacheType.F32, Threads = 2 });
        var prompt = OracleConfigs.Prompt(OracleConfigs.Specs["moe-e4-gqa1"]);
        int v = model.Config.VocabSize;
        var first = new float[v];
        model.Model.Forward(prompt, first);
        model.Model.Truncate(40);
        Assert.Equal(40, model.Model.Position);
        var again = new float[v];
        model.Model.Forward(prompt.AsSpan(40), again);
        Assert.Equal(prompt.Length, model.Model.Position);
        Assert.True(OracleConfigs.RelativeL2(first, again) < 1e-6);
    }

    [Fact]
    public void Forward_PastContext_ThrowsWithBothCounts()
    {
        using var model = ModelLoader.Load(files.Gguf("moe-e4-gqa1", GgmlType.F32), new RuntimeOptions { ContextSize = 16, Threads = 1 });
        var e = Assert.Throws<InvalidOperationException>(() => model.Model.Forward(new int[20], new float[model.Config.VocabSize]));
        Assert.Contains("20", e.Message);
        Assert.Contains("16", e.Message);
    }
}
