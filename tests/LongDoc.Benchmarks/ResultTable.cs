using System.Globalization;
using LongDoc.Runtime.Benchmarking;

namespace LongDoc.Benchmarks;

static class ResultTable
{
    /// <summary>One line per implementation (median, then every rep), then ours/llama.cpp when both ran.</summary>
    public static string Format(IReadOnlyList<(string Name, double[] Prefill, double[] Decode)> rows)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine($"{"",-12} {"prefill tok/s",14} {"decode tok/s",14}   per rep (prefill | decode)");
        foreach (var (name, prefill, decode) in rows)
            w.WriteLine($"{name,-12} {BenchStatistics.Median(prefill),14:0.0} {BenchStatistics.Median(decode),14:0.0}   " +
                        $"{Join(prefill)} | {Join(decode)}");
        var llama = rows.FirstOrDefault(r => r.Name == "llama.cpp");
        var ours = rows.FirstOrDefault(r => r.Name == "ours");
        if (llama.Name is not null && ours.Name is not null)
            w.WriteLine($"{"ours/llama",-12} {Ratio(ours.Prefill, llama.Prefill),14} {Ratio(ours.Decode, llama.Decode),14}");
        return w.ToString();
    }

    static string Ratio(double[] ours, double[] llama) =>
        (BenchStatistics.Median(ours) / BenchStatistics.Median(llama)).ToString("0.00", CultureInfo.InvariantCulture) + "x";

    static string Join(double[] values) => string.Join(' ', values.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)));
}
