using System.Globalization;
using LongDoc.Runtime.Benchmarking;

namespace LongDoc.Benchmarks;

/// <summary>One implementation at one thread count: tok/s of every rep.</summary>
sealed record BenchRow(string Name, int Threads, double[] Prefill, double[] Decode);

static class ResultTable
{
    /// <summary>One line per implementation and thread count (median, then every rep), then ours/llama.cpp per thread count when both ran.</summary>
    public static string Format(IReadOnlyList<BenchRow> rows)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine($"{"",-12} {"threads",7} {"prefill tok/s",14} {"decode tok/s",14}   per rep (prefill | decode)");
        foreach (var group in rows.GroupBy(r => r.Threads))
        {
            foreach (var r in group)
                w.WriteLine($"{r.Name,-12} {r.Threads,7} {BenchStatistics.Median(r.Prefill),14:0.0} {BenchStatistics.Median(r.Decode),14:0.0}   " +
                            $"{Join(r.Prefill)} | {Join(r.Decode)}");
            var llama = group.FirstOrDefault(r => r.Name == "llama.cpp");
            var ours = group.FirstOrDefault(r => r.Name == "ours");
            if (llama is not null && ours is not null)
                w.WriteLine($"{"ours/llama",-12} {group.Key,7} {Ratio(ours.Prefill, llama.Prefill),14} {Ratio(ours.Decode, llama.Decode),14}");
        }
        return w.ToString();
    }

    static string Ratio(double[] ours, double[] llama) =>
        (BenchStatistics.Median(ours) / BenchStatistics.Median(llama)).ToString("0.00", CultureInfo.InvariantCulture) + "x";

    static string Join(double[] values) => string.Join(' ', values.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)));
}
