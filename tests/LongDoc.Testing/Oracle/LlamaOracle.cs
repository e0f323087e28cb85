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
/// attention for logits and generate (DESIGN.md §4). Every failure is an <see cref="OracleException"/> carrying stderr.
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
        var rows = json.RootElement.GetProperty("logits").EnumerateArray().Select(row =>
        {
            var values = new float[vocab];
            int i = 0;
            foreach (var v in row.EnumerateArray()) values[i++] = v.ValueKind == JsonValueKind.Null ? float.NaN : v.GetSingle();
            if (i != vocab) throw new OracleException($"oracle logits row has {i} values, n_vocab is {vocab}", 0, "");
            return values;
        }).ToArray();
        return rows;
    }

    /// <summary>Exactly <paramref name="n"/> greedy tokens (argmax of raw logits, lowest id on ties; EOS does not stop it).</summary>
    public static int[] Generate(string modelPath, IReadOnlyList<int> tokens, int n, int threads = 1)
    {
        using var json = OracleProcess.Run(["generate", "--model", modelPath, "--tokens", Join(tokens), "--n", Str(n), "--threads", Str(threads)], Timeout);
        return Ints(json, "tokens");
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

    static string Join(IReadOnlyList<int> tokens) => string.Join(',', tokens.Select(Str));
    static string Str(int v) => v.ToString(CultureInfo.InvariantCulture);
    static int[] Ints(JsonDocument json, string name) => json.RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();
    static double[] Doubles(JsonDocument json, string name) => json.RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
