using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.Oracle;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// Files as people download them: llama.cpp's quantizer turns a random F16 qwen3moe and deepseek2 into each common file type, and
/// we run the very file llama.cpp runs, prefill and decode, under <see cref="FlipTolerantOracle"/>'s criterion with the
/// F16 source as the reference: logits at every position, and greedy ids at every step of a 32-token decode.
/// </summary>
public sealed class LlamaQuantizedOracleTests(LlamaQuantizedModelFiles files, ITestOutputHelper output) : IClassFixture<LlamaQuantizedModelFiles>
{
    /// <summary>Per file type, the types its file must hold: the fallback llama.cpp writes for the 96-wide rows among them.</summary>
    public static readonly Dictionary<string, GgmlType[]> FileTypes = new()
    {
        ["Q4_1"] = [GgmlType.Q4_1],
        ["Q5_0"] = [GgmlType.Q5_0],
        ["Q5_1"] = [GgmlType.Q5_1],
        ["Q4_K_M"] = [GgmlType.Q4_K, GgmlType.Q5_0],
        ["Q5_K_M"] = [GgmlType.Q5_K, GgmlType.Q5_1],
        ["Q3_K_M"] = [GgmlType.Q3_K, GgmlType.Q5_0],
        ["Q2_K"] = [GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_0],
        ["IQ4_NL"] = [GgmlType.IQ4_NL],
        ["IQ4_XS"] = [GgmlType.IQ4_XS, GgmlType.IQ4_NL],
        ["Q4_0"] = [GgmlType.Q4_0, GgmlType.Q6_K],
        ["Q8_0"] = [GgmlType.Q8_0],
        ["Q6_K"] = [GgmlType.Q6_K, GgmlType.Q8_0],
        ["Q3_K_S"] = [GgmlType.Q3_K, GgmlType.Q4_0],
        ["Q3_K_L"] = [GgmlType.Q3_K, GgmlType.Q5_K, GgmlType.Q5_1],
        ["Q4_K_S"] = [GgmlType.Q4_K, GgmlType.Q5_0],
        ["Q5_K_S"] = [GgmlType.Q5_K, GgmlType.Q5_1],
        ["IQ3_S"] = [GgmlType.IQ3_S, GgmlType.IQ4_NL],
        ["IQ3_M"] = [GgmlType.IQ3_S, GgmlType.Q4_K, GgmlType.IQ4_NL],
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var config in LlamaQuantizedModelFiles.Configs.Keys)
            foreach (var type in LlamaQuantizedModelFiles.FullConfigs.Contains(config) ? [.. FileTypes.Keys] : LlamaQuantizedModelFiles.RepresentativeFileTypes)
                data.Add(config, type);
        return data;
    }

    static LoadedModel Load(string path) =>
        ModelLoader.Load(path, new RuntimeOptions { KvCacheType = KvCacheType.F32, Threads = 2, MaxBatch = 32 });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Logits_EveryPosition_MatchLlamaCppFarCloserThanItsQuantizationError(string config, string fileType)
    {
        string path = files.Quantized(config, fileType);
        var types = TensorTypes(path);
        output.WriteLine($"{config} {fileType}: {string.Join(", ", types.Select(kv => $"{kv.Key} x{kv.Value}"))}; rows 256 does not divide: {Narrow(path)}");
        Assert.All(FileTypes[fileType], t => Assert.True(types.ContainsKey(t), $"{fileType} file holds no {t} tensor"));

        var prompt = LlamaQuantizedModelFiles.Prompt(config);
        var llama = LlamaOracle.Logits(path, prompt, allPositions: true);
        using var model = Load(path);
        var ours = new float[prompt.Length * model.Config.VocabSize];
        model.Model.Forward(prompt, ours);
        var comparison = FlipTolerantOracle.Compare(files.SourceLogits(config), llama, FlipTolerantOracle.Rows(ours, model.Config.VocabSize));
        output.WriteLine($"{comparison}; router min top-k gap {model.Transformer.RouterMinGap:E2}");
        Assert.True(comparison.Failure() is null, $"{config} {fileType}: {comparison.Failure()}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate32Greedy_SameIdsAsLlamaCppUpToItsOwnTies(string config, string fileType)
    {
        string path = files.Quantized(config, fileType);
        var prompt = LlamaQuantizedModelFiles.Prompt(config);
        var (ids, llama) = LlamaOracle.GenerateWithLogits(path, prompt, OracleConfigs.GenerateTokens);
        var reference = files.SourceLogits(config, ids);
        using var model = Load(path);
        var ours = FlipTolerantOracle.TeacherForced(model.Model, prompt, ids);
        var comparison = FlipTolerantOracle.Compare(reference, llama, ours);
        var failure = FlipTolerantOracle.GreedyFailure(ids, reference, llama, ours, out int ties);
        output.WriteLine($"{config} {fileType}: decode steps {comparison}; ids: {ids.Length - ties} equal, {ties} ties of llama.cpp's own error");
        Assert.True(comparison.WorstShare <= FlipTolerantOracle.SpreadBound, $"{config} {fileType}: a decode step is off llama.cpp by {comparison.WorstShare:F3} of its own error there");
        Assert.True(failure is null, $"{config} {fileType}: {failure}");
    }

    /// <summary>
    /// The legacy attn_kv_b layout decodes in latent space, yet must compute what llama.cpp's decompressing decode
    /// computes: the cached latent rounded as attn_kv_b's activation (Q8_0, Q8_1 or Q8_K here), W_k^T and W_v in f32.
    /// Before that, absorbed decode differed from decompressed by the latent's quantization (1.7e-2..2.5e-2 on Q8_0).
    /// (Q4_1 and Q5_1 attn_kv_b decode decompressed: no rounding of the latent reproduces their Q8_1 dot.)
    /// </summary>
    [Theory]
    [InlineData("Q8_0")]
    [InlineData("Q4_K_M")]
    public void LegacyLayout_AbsorbedDecode_SameLogitsAsDecompressedDecode(string fileType)
    {
        string path = files.Quantized("deepseek2", fileType);
        var prompt = LlamaQuantizedModelFiles.Prompt("deepseek2");
        int[] ids = [.. Enumerable.Range(0, 8).Select(i => 3 + 37 * i)];
        float[][] Decode(bool absorb)
        {
            using var model = Load(path);
            foreach (var block in model.Transformer.Blocks) ((MlaAttention)block.Attention).AbsorbInDecode = absorb;
            return FlipTolerantOracle.TeacherForced(model.Model, prompt, ids);
        }
        var absorbed = Decode(absorb: true);
        var decompressed = Decode(absorb: false);
        double worst = absorbed.Select((row, i) => OracleConfigs.RelativeL2(decompressed[i], row)).Max();
        output.WriteLine($"deepseek2 {fileType}: absorbed vs decompressed decode, max relative L2 {worst:E2}: {string.Join(" ", absorbed.Select((row, i) => OracleConfigs.RelativeL2(decompressed[i], row).ToString("E1")))}");
        Assert.True(worst < 1e-5, $"{fileType}: {worst:E2}");
    }

    static string Narrow(string path)
    {
        using var file = GgufFile.Open(path);
        return string.Join(", ", file.Tensors.Where(t => t.Dims.Length > 1 && t.Dims[0] % 256 != 0).Select(t => $"{t.Name} {t.Type}"));
    }

    static SortedDictionary<GgmlType, int> TensorTypes(string path)
    {
        using var file = GgufFile.Open(path);
        var counts = new SortedDictionary<GgmlType, int>();
        foreach (var t in file.Tensors) counts[t.Type] = counts.GetValueOrDefault(t.Type) + 1;
        return counts;
    }
}
