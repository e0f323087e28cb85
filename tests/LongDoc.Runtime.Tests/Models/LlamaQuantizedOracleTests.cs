using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.Oracle;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// Files as people download them: llama.cpp's quantizer turns a random F16 qwen3moe and deepseek2 into each common file type, and
/// we run the very file llama.cpp runs. Per position, our logits must sit within a small fraction of llama.cpp's own
/// quantization error (its quantized run against its F16-source run), and greedy decoding must pick the same ids.
/// A wrong block layout or activation format moves logits by about that error itself (1x, not 0.01x).
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

    /// <summary>Our distance from llama.cpp at a position matches it when at most this fraction of llama.cpp's smallest
    /// per-position distance from its F16 run (we measure ~1e-7 against ~3e-2 and more).</summary>
    public const double ToleranceFraction = 0.01;

    /// <summary>
    /// Flips: activations are re-quantized to int8 before every matmul, so a 1e-7 difference in f32 summation order
    /// that straddles a rounding boundary moves one int8 by 1; through attention that carries to every later position,
    /// and a router near-tie can turn it into another expert at one position. Measured on the 48 files here (3 configs
    /// x 16 file types, 72 positions each; IQ3_S and IQ3_M came later and stay inside the same bounds): position 0 within 1.0e-7..2.2e-7 everywhere; positions then match exactly
    /// up to a first flip (from position 1 to none at all), where the distance jumps to at most 0.47 of llama.cpp's own
    /// quantization error at that position (Q8_0 files, whose own error is smallest) and stays there; the largest share
    /// anywhere was 1.57 (deepseek2-split Q5_1 at position 43, an expert near-tie that also shows in its Q4_0 file).
    /// So, instead of picking seeds: position 0 (every matrix of the file used once) must match to
    /// <see cref="ToleranceFraction"/>; the first position that does not match must be off by at most
    /// <see cref="FirstDeviationBound"/> of llama.cpp's own error there (one moved int8); every position by at most
    /// <see cref="SpreadBound"/>. A wrong block layout or activation format is off by about the own error at position 0;
    /// a wrong attention path at the first position with an earlier key (the split layout's attn_k_b in f32 was 5x).
    /// </summary>
    public const double FirstDeviationBound = 1.0;

    /// <summary>See <see cref="FirstDeviationBound"/>.</summary>
    public const double SpreadBound = 3.0;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var config in LlamaQuantizedModelFiles.Configs.Keys)
            foreach (var type in FileTypes.Keys) data.Add(config, type);
        return data;
    }

    /// <summary>
    /// Greedy decode, except deepseek2. The split layout decodes in latent space as llama.cpp does, yet 6 of its 16 files
    /// here pick another id at step 4..26 of 32, each at a near-tie after a flip (3 checked: llama.cpp's top two logits
    /// 1.0e-3..1.7e-2 apart; our prefill of the same tokens matched llama.cpp to 2.7e-6 where no flip had happened: our
    /// decode sums in another order than our prefill). Its Q8_0 file's greedy ids are held by QuantizedOracleTests. On the legacy attn_kv_b layout llama.cpp's decode decompresses k = W_k c with the
    /// latent c quantized to 8 bits while ours absorbs W_k into the query in f32 (as QuantizedOracleTests explains), so
    /// ids may legitimately differ; measured: 5 of its 9 files differ somewhere in 32 tokens. Its prefill is held to the
    /// logits test's bound.
    /// </summary>
    public static TheoryData<string, string> GenerateCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (config, spec) in LlamaQuantizedModelFiles.Configs)
            if (!spec.IsDeepSeek)
                foreach (var type in FileTypes.Keys) data.Add(config, type);
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
        var source = files.SourceLogits(config);
        var llama = LlamaOracle.Logits(path, prompt, allPositions: true);
        using var model = Load(path);
        int v = model.Config.VocabSize;
        var ours = new float[prompt.Length * v];
        model.Model.Forward(prompt, ours);

        double own = double.PositiveInfinity, worstRatio = 0;
        var distance = new double[prompt.Length];
        var ownAt = new double[prompt.Length];
        for (int t = 0; t < prompt.Length; t++)
        {
            ownAt[t] = OracleConfigs.RelativeL2(source[t], llama[t]);
            own = Math.Min(own, ownAt[t]);
            distance[t] = OracleConfigs.RelativeL2(llama[t], ours.AsSpan(t * v, v));
            worstRatio = Math.Max(worstRatio, distance[t] / ownAt[t]);
        }
        double bound = ToleranceFraction * own;
        int matched = distance.Count(d => d <= bound);
        output.WriteLine($"ours vs llama.cpp: position 0 {distance[0]:E2}, max {distance.Max():E2}; {matched} of {prompt.Length} positions within {bound:E2}, first off: {Array.FindIndex(distance, d => d > bound)}; " +
            $"llama.cpp vs its F16 source {own:E2}..{ownAt.Max():E2}; worst share of llama.cpp's own error {worstRatio:F3}; router min top-k gap {model.Transformer.RouterMinGap:E2}");
        Assert.True(distance[0] <= bound, $"{config} {fileType}: position 0 is off llama.cpp by {distance[0]:E2} > {bound:E2}");
        int first = Array.FindIndex(distance, d => d > bound);
        if (first >= 0)
            Assert.True(distance[first] <= FirstDeviationBound * ownAt[first],
                $"{config} {fileType}: the first position off llama.cpp ({first}) is off by {distance[first] / ownAt[first]:F3} of llama.cpp's own quantization error there: more than one flipped int8");
        Assert.True(worstRatio <= SpreadBound, $"{config} {fileType}: a position is off llama.cpp by {worstRatio:F3} of llama.cpp's own quantization error there");
    }

    [Theory]
    [MemberData(nameof(GenerateCases))]
    public void Generate32Greedy_SameIdsAsLlamaCpp(string config, string fileType)
    {
        string path = files.Quantized(config, fileType);
        var prompt = LlamaQuantizedModelFiles.Prompt(config);
        var expected = LlamaOracle.Generate(path, prompt, OracleConfigs.GenerateTokens);
        using var model = Load(path);
        Assert.Equal(expected, OracleConfigs.Generate(model.Model, prompt, OracleConfigs.GenerateTokens));
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
