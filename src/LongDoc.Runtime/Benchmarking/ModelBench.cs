using System.Diagnostics;
using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Benchmarking;

/// <summary>Per-rep throughput of one model, with medians (compare medians of one run, as a ratio: runs vary ~15%).</summary>
public sealed record BenchReport(int PromptTokens, int GeneratedTokens, double[] PrefillTokensPerSecond, double[] DecodeTokensPerSecond)
{
    public double PrefillMedian => BenchStatistics.Median(PrefillTokensPerSecond);
    public double DecodeMedian => BenchStatistics.Median(DecodeTokensPerSecond);
}

public static class BenchStatistics
{
    /// <summary>Median; the mean of the two middle values for an even count; NaN when empty.</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>
/// llama-bench's measurement on our runtime, so the two are comparable: one warm-up rep that is not reported;
/// each rep clears the cache, prefills one batch of <c>promptTokens</c> random tokens, then decodes
/// <c>genTokens</c> random tokens one at a time (logits computed for each, as in generation).
/// </summary>
public static class ModelBench
{
    public static BenchReport Run(ILanguageModel model, int promptTokens, int genTokens, int reps, int seed = 1234)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(promptTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(genTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reps, 1);
        ContextOverflowException.ThrowIfOverflow(promptTokens, genTokens, model.ContextSize);

        int vocab = model.Config.VocabSize;
        var random = new Random(seed);
        var prompt = new int[promptTokens];
        var one = new int[1];
        var logits = new float[vocab];                     // (V) last token only, as generation asks
        var prefill = new double[reps];
        var decode = new double[reps];
        for (int rep = -1; rep < reps; rep++)
        {
            for (int i = 0; i < promptTokens; i++) prompt[i] = random.Next(vocab);
            model.Truncate(0);

            long t0 = Stopwatch.GetTimestamp();
            model.Forward(prompt, logits);
            double prefillSeconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;

            long t1 = Stopwatch.GetTimestamp();
            for (int i = 0; i < genTokens; i++)
            {
                one[0] = random.Next(vocab);
                model.Forward(one, logits);
            }
            double decodeSeconds = Stopwatch.GetElapsedTime(t1).TotalSeconds;

            if (rep < 0) continue; // warm-up: page in the weights, size the buffers
            prefill[rep] = promptTokens / prefillSeconds;
            decode[rep] = genTokens / decodeSeconds;
        }
        model.Truncate(0);
        return new BenchReport(promptTokens, genTokens, prefill, decode);
    }
}
