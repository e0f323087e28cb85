using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tests.Weights;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;
using LongDoc.Testing.Oracle;
using LongDoc.Testing.RandomModels;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// Hugging Face folders of the llama family (LlamaForCausalLM, MixtralForCausalLM, Qwen2ForCausalLM): the same random
/// model written as GGUF and as a folder gives the same logits, and both match llama.cpp on the GGUF. For llama the
/// two files differ in their q/k rows (the GGUF permuted for RoPE NORM, the folder in Hugging Face's rotate-half
/// order), so equal logits prove that the folder's NEOX rotation undoes the converter's permutation.
/// </summary>
public sealed class HfFolderLlamaFamilyTests(ITestOutputHelper output) : IDisposable
{
    static readonly Dictionary<string, RandomModelSpec> Specs = new()
    {
        ["llama"] = new() { Architecture = "llama", Embedding = 96, Heads = 4, KvHeads = 2, HeadDim = 32, Experts = 0, Ffn = 160, Vocab = 384, Seed = 404, RopeBase = 10000f },
        // rope_scaling "llama3" in config.json, rope_freqs.weight in the GGUF
        ["llama3"] = new() { Architecture = "llama", Embedding = 96, Heads = 4, KvHeads = 2, HeadDim = 32, Experts = 0, Ffn = 160, Vocab = 384, Seed = 404, RopeBase = 500000f, Llama3RopeFactor = 8f },
        ["mixtral"] = new() { Architecture = "llama", Embedding = 64, Heads = 4, KvHeads = 2, HeadDim = 16, Experts = 4, ExpertsUsed = 2, ExpertFfn = 64, Vocab = 320, Seed = 1 },
        ["qwen2"] = new() { Architecture = "qwen2", Embedding = 128, Heads = 4, KvHeads = 2, HeadDim = 32, Ffn = 160, Vocab = 384, Seed = 11, TiedEmbeddings = true },
    };

    readonly TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    (string Gguf, string Folder) Write(string config)
    {
        string gguf = _dir.File(config + ".gguf"), folder = _dir.File(config + "-hf");
        RandomModelWriter.WriteGguf(Specs[config], gguf);
        RandomModelWriter.WriteSafetensors(Specs[config], folder);
        return (gguf, folder);
    }

    static float[] AllLogits(string path, int[] prompt, out ModelConfig config)
    {
        using var model = ModelLoader.Load(path, new RuntimeOptions { KvCacheType = KvCacheType.F32, Threads = 2, MaxBatch = 32 });
        var logits = new float[prompt.Length * model.Config.VocabSize];
        model.Model.Forward(prompt, logits);
        config = model.Config;
        return logits;
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("llama3")]
    [InlineData("mixtral")]
    [InlineData("qwen2")]
    public void HfFolder_SameRandomModel_LogitsEqualGgufAndLlamaCpp(string config)
    {
        var (gguf, folder) = Write(config);
        var prompt = OracleConfigs.Prompt(Specs[config]);
        var fromGguf = AllLogits(gguf, prompt, out var ggufConfig);
        var fromFolder = AllLogits(folder, prompt, out var folderConfig);
        var llama = LlamaOracle.Logits(gguf, prompt, allPositions: true);

        int v = Specs[config].Vocab;
        double toGguf = 0, toLlama = 0;
        for (int t = 0; t < prompt.Length; t++)
        {
            toGguf = Math.Max(toGguf, OracleConfigs.RelativeL2(fromGguf.AsSpan(t * v, v), fromFolder.AsSpan(t * v, v)));
            toLlama = Math.Max(toLlama, OracleConfigs.RelativeL2(llama[t], fromFolder.AsSpan(t * v, v)));
        }
        output.WriteLine($"{config}: folder vs GGUF max relative L2 {toGguf:E2}, folder vs llama.cpp {toLlama:E2}; RoPE {ggufConfig.RopeStyle} (GGUF) / {folderConfig.RopeStyle} (folder)");
        Assert.Equal(RopeStyle.Neox, folderConfig.RopeStyle);
        // Only the order of the q.k sums differs (pairs rotated in another order): float rounding, ~1e-7.
        Assert.True(toGguf <= 1e-5, $"{config}: folder vs GGUF max relative L2 {toGguf:E2}");
        Assert.True(toLlama <= 1e-4, $"{config}: folder vs llama.cpp max relative L2 {toLlama:E2}");
    }

    [Fact]
    public void WriteSafetensors_Llama_StoresQkRowsInHuggingFaceOrder()
    {
        var spec = Specs["llama"];
        var (gguf, folder) = Write("llama");
        using var g = ModelFiles.Open(gguf);
        using var h = ModelFiles.Open(folder);
        int dh = spec.HeadDim;
        foreach (var name in new[] { "blk.0.attn_q.weight", "blk.0.attn_k.weight" })
        {
            float[] a = Decode(g.Weights.Matrix(name)), b = Decode(h.Weights.Matrix(name));
            int cols = spec.Embedding;
            Assert.NotEqual(a, b);
            // GGUF row 2j+s of a head is Hugging Face row s*Dh/2+j: rows 1 and Dh/2 of head 1, say.
            Assert.Equal(a.AsSpan((dh + 1) * cols, cols).ToArray(), b.AsSpan((dh + dh / 2) * cols, cols).ToArray());
            Assert.Equal(a.AsSpan((dh + 2) * cols, cols).ToArray(), b.AsSpan((dh + 1) * cols, cols).ToArray());
        }
        // v is not rotated: the converter leaves it, and so do we
        Assert.Equal(Decode(g.Weights.Matrix("blk.0.attn_v.weight")), Decode(h.Weights.Matrix("blk.0.attn_v.weight")));
    }

    static unsafe float[] Decode(WeightMatrix m)
    {
        var values = new float[(long)m.Rows * m.Cols];
        RowDecoder.ToSingle(m.Type, new ReadOnlySpan<byte>(m.Data, checked((int)m.ByteCount)), values);
        return values;
    }
}
