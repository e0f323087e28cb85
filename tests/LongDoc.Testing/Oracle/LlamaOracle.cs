using System.Globalization;
using System.Text;
using System.Text.Json;
using LongDoc.Runtime.Benchmarking;

namespace LongDoc.Testing.Oracle;

/// <summary>Per-rep throughput from the oracle's `bench` (llama-bench style), with medians.</summary>
public sealed record OracleBenchResult(double[] PrefillTokensPerSecond, double[] DecodeTokensPerSecond)
{
    public double PrefillMedian => BenchStatistics.Median(PrefillTokensPerSecond);
    public double DecodeMedian => BenchStatistics.Median(DecodeTokensPerSecond);
}

/// <summary>
/// llama.cpp as the reference implementation, through the LongDoc.Oracle child process (see
/// <see cref="OracleProcess"/> for how it is found). Settings are the oracle's: F32 K/V cache and no flash
/// attention for logits and generate (README "How correctness is checked"). Every failure is an <see cref="OracleException"/> carrying stderr.
/// </summary>
public static class LlamaOracle
{
    /// <summary>Time allowed per oracle call (model load included).</summary>
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Logits (V) for the last token, or one row per token with <paramref name="allPositions"/>; null JSON (non-finite) becomes NaN.</summary>
    public static float[][] Logits(string modelPath, IReadOnlyList<int> tokens, bool allPositions, int threads = 1)
    {
        var args = new List<string> { "logits", "--model", modelPath, "--tokens", Join(tokens), "--threads", Str(threads) };
        if (allPositions) args.Add("--all-positions");
        using var json = OracleProcess.Run(args, Timeout);
        int vocab = json.RootElement.GetProperty("n_vocab").GetInt32();
        var rows = Rows(json);
        foreach (var row in rows)
            if (row.Length != vocab) throw new OracleException($"oracle logits row has {row.Length} values, n_vocab is {vocab}", 0, "");
        return rows;
    }

    /// <summary>
    /// llama.cpp's llama_model_quantize of <paramref name="modelPath"/> into <paramref name="outPath"/> as
    /// <paramref name="fileType"/> ("Q4_0", "Q4_K_M", "Q6_K", ...): reference quantizers, no importance matrix.
    /// </summary>
    public static void Quantize(string modelPath, string outPath, string fileType)
    {
        using var json = OracleProcess.Run(["quantize", "--model", modelPath, "--out", outPath, "--type", fileType], Timeout);
        if (!json.RootElement.GetProperty("ok").GetBoolean()) throw new OracleException($"oracle quantize of {modelPath} did not succeed", 0, "");
    }

    /// <summary>Exactly <paramref name="n"/> greedy tokens (argmax of raw logits, lowest id on ties; EOS does not stop it).</summary>
    public static int[] Generate(string modelPath, IReadOnlyList<int> tokens, int n, int threads = 1)
    {
        using var json = OracleProcess.Run(["generate", "--model", modelPath, "--tokens", Join(tokens), "--n", Str(n), "--threads", Str(threads)], Timeout);
        return Ints(json, "tokens");
    }

    /// <summary><see cref="Generate"/> with the logits row each id was picked from: the prompt's last position, then
    /// each single-token decode (llama.cpp's decode graph, which may sum in another order than its prefill).</summary>
    public static (int[] Tokens, float[][] Logits) GenerateWithLogits(string modelPath, IReadOnlyList<int> tokens, int n, int threads = 1)
    {
        using var json = OracleProcess.Run(["generate", "--model", modelPath, "--tokens", Join(tokens), "--n", Str(n), "--threads", Str(threads), "--logits"], Timeout);
        return (Ints(json, "tokens"), Rows(json));
    }

    /// <summary>llama.cpp's tokenization of <paramref name="text"/> (vocabulary-only load).</summary>
    public static int[] Tokenize(string modelPath, string text, bool special, bool addBos)
    {
        string textFile = Path.Combine(Path.GetTempPath(), $"longdoc-oracle-{Guid.NewGuid():N}.txt");
        File.WriteAllText(textFile, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        try
        {
            var args = new List<string> { "tokenize", modelPath, textFile, special ? "--special" : "--no-special" };
            if (addBos) args.Add("--add-bos");
            using var json = OracleProcess.Run(args, Timeout);
            return Ints(json, "tokens");
        }
        finally { File.Delete(textFile); }
    }

    /// <summary>llama-bench-style throughput: <paramref name="reps"/> reps of a p-token prefill then n single-token decodes.</summary>
    public static OracleBenchResult Bench(string modelPath, int promptTokens, int genTokens, int reps, int threads = 2,
        bool flashAttention = false, string kvType = "f16", TimeSpan? timeout = null)
    {
        var args = new List<string> { "bench", "--model", modelPath, "-p", Str(promptTokens), "-n", Str(genTokens),
            "--reps", Str(reps), "--threads", Str(threads), "--kv", kvType };
        if (flashAttention) args.Add("--flash-attn");
        using var json = OracleProcess.Run(args, timeout ?? Timeout);
        return new OracleBenchResult(Doubles(json, "prefill_tok_s"), Doubles(json, "decode_tok_s"));
    }

    static float[][] Rows(JsonDocument json) => json.RootElement.GetProperty("logits").EnumerateArray()
        .Select(row => row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? float.NaN : v.GetSingle()).ToArray()).ToArray();

    static string Join(IReadOnlyList<int> tokens) => string.Join(',', tokens.Select(Str));
    static string Str(int v) => v.ToString(CultureInfo.InvariantCulture);
    static int[] Ints(JsonDocument json, string name) => json.RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();
    static double[] Doubles(JsonDocument json, string name) => json.RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
