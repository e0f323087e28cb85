using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.Oracle;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// Random models with quantized weights (Q8_0, Q4_0, Q4_K, Q5_K, Q6_K and the Q4_K_M mix) against llama.cpp, F32 KV
/// cache on both sides, under <see cref="FlipTolerantOracle"/>'s criterion. The exact reference is our F32 forward on
/// the file's dequantized twin (same weight values stored as F32; our F32 path matches llama.cpp to ~1e-6): llama.cpp's
/// own distance from it is its activation quantization error (Q8_0 / Q8_K activations), and our distance from
/// llama.cpp must be a small fraction of that — which only holds if we quantize the activations exactly as ggml does,
/// at the same points of the graph, and sum the same integers. Files that llama.cpp's quantizer made (deepseek2 in both
/// MLA layouts) take their F16 source as the reference, so llama.cpp's own distance also holds the weights' error.
/// </summary>
public sealed class QuantizedOracleTests(QuantizedModelFiles files, ITestOutputHelper output) : IClassFixture<QuantizedModelFiles>
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (config, type) in QuantizedModelFiles.Cases) data.Add(config, type);
        return data;
    }

    /// <summary>f16 block scales at the start of each block of these types: a wrong one is a realistic kernel bug.</summary>
    static readonly Dictionary<GgmlType, int> ScaleFirstBlockBytes = new() { [GgmlType.Q8_0] = 34, [GgmlType.Q4_K] = 144 };

    static LoadedModel Load(string path) =>
        ModelLoader.Load(path, new RuntimeOptions { KvCacheType = KvCacheType.F32, Threads = 2, MaxBatch = 32 });

    static float[][] Forward(string path, int[] prompt, out float routerGap)
    {
        using var model = Load(path);
        var logits = new float[prompt.Length * model.Config.VocabSize];
        model.Model.Forward(prompt, logits);
        routerGap = model.Transformer.RouterMinGap;
        return FlipTolerantOracle.Rows(logits, model.Config.VocabSize);
    }

    FlipTolerantOracle.Comparison Compare(string config, string type, string ours)
    {
        var prompt = OracleConfigs.Prompt(QuantizedModelFiles.Spec(config, type));
        var llama = LlamaOracle.Logits(files.Gguf(config, type), prompt, allPositions: true);
        var comparison = FlipTolerantOracle.Compare(Forward(files.DequantizedTwin(config, type), prompt, out _), llama, Forward(ours, prompt, out float gap));
        output.WriteLine($"{config} {type}: {comparison}; router min top-k gap {gap:E2}");
        Assert.True(comparison.Own.Min() > 0, "the exact reference equals llama.cpp's quantized run: the twin is not the reference");
        return comparison;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Logits_EveryPosition_MatchLlamaCppFarCloserThanItsOwnQuantizationError(string config, string type)
    {
        var comparison = Compare(config, type, files.Gguf(config, type));
        Assert.True(comparison.Failure() is null, $"{config} {type}: {comparison.Failure()}");
    }

    /// <summary>
    /// The criterion catches a real error: our run on a copy of the file whose block scales of one matrix are one f16
    /// step too large (1 in 1024, what a kernel reading d with the wrong rounding would do), llama.cpp's on the file.
    /// </summary>
    [Theory]
    [InlineData("llama", "Q8_0", "blk.0.ffn_down.weight")]
    [InlineData("moe", "Q4_K", "blk.1.attn_output.weight")]
    public void Logits_OneMatrixScalesOneF16StepOff_FailPositionZero(string config, string type, string tensor)
    {
        string wrong = Path.Combine(Path.GetTempPath(), $"longdoc-wrong-scale-{Guid.NewGuid():N}.gguf");
        File.Copy(files.Gguf(config, type), wrong);
        try
        {
            BumpScales(wrong, tensor);
            var comparison = Compare(config, type, wrong);
            Assert.Equal($"position 0 is off llama.cpp by {comparison.Distance[0]:E2} > {comparison.Bound:E2}", comparison.Failure());
        }
        finally { File.Delete(wrong); }
    }

    static void BumpScales(string path, string tensor)
    {
        GgufTensorInfo info;
        using (var file = GgufFile.Open(path)) info = file.Tensor(tensor);
        int blockBytes = ScaleFirstBlockBytes[info.Type];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var block = new byte[blockBytes];
        for (long at = info.Offset; at < info.Offset + info.ByteCount; at += blockBytes)
        {
            stream.Position = at;
            stream.ReadExactly(block);
            ushort d = BitConverter.ToUInt16(block);
            BitConverter.TryWriteBytes(block, (ushort)(d + 1));   // |d| one f16 step larger
            stream.Position = at;
            stream.Write(block);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate32Greedy_SameIdsAsLlamaCppUpToItsOwnTies(string config, string type)
    {
        string path = files.Gguf(config, type);
        var prompt = OracleConfigs.Prompt(QuantizedModelFiles.Spec(config, type));
        var (ids, llama) = LlamaOracle.GenerateWithLogits(path, prompt, OracleConfigs.GenerateTokens);
        var reference = Forward(files.DequantizedTwin(config, type), [.. prompt, .. ids[..^1]], out _)[(prompt.Length - 1)..];
        using var model = Load(path);
        var ours = FlipTolerantOracle.TeacherForced(model.Model, prompt, ids);
        var comparison = FlipTolerantOracle.Compare(reference, llama, ours);
        var failure = FlipTolerantOracle.GreedyFailure(ids, reference, llama, ours, out int ties);
        output.WriteLine($"{config} {type}: decode steps {comparison}; ids: {ids.Length - ties} equal, {ties} ties of llama.cpp's own error");
        Assert.True(comparison.WorstShare <= FlipTolerantOracle.SpreadBound, $"{config} {type}: a decode step is off llama.cpp by {comparison.WorstShare:F3} of its own error there");
        Assert.True(failure is null, $"{config} {type}: {failure}");
    }
}
