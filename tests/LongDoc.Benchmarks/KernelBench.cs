using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Benchmarking;
using LongDoc.Runtime.Weights;

namespace LongDoc.Benchmarks;

/// <summary>
/// `kernels [--types Q4_K,Q6_K,...] [--rows N] [--cols 2048] [--tokens 1,64] [--threads 2] [--reps 20]`: the CPU
/// backend's matmul on one random matrix per weight type (by default as many rows as make 256 MiB, far larger than
/// the caches, so a 1-token call streams from memory as decode does), per token count:
/// fastest time per call (the least disturbed on a loaded machine), weight bytes streamed per second and weight rows x tokens per second. For comparing kernels
/// before and after a change on the same machine; the values are random bits with the f16 fields kept finite.
/// First the machine's streaming read bandwidth at the same thread count (<see cref="ReadBandwidth"/>); each row's
/// GB/s is also given as % of it (decode wants every type's 1-token dot near 100%).
/// With --threads 1 the work runs on this thread, and the time is this thread's CPU time (Linux), which a loaded
/// machine disturbs far less than wall time.
/// </summary>
static unsafe partial class KernelBench
{
    public static int Run(string[] args)
    {
        var o = new Dictionary<string, string>
        {
            ["--types"] = "Q8_0,Q4_0,Q5_0,IQ4_NL,Q4_K,Q6_K,Q3_K,IQ4_XS,IQ2_XXS",
            ["--rows"] = "0", ["--cols"] = "2048", ["--tokens"] = "1,64", ["--threads"] = "2", ["--reps"] = "20",
        };
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (!o.ContainsKey(args[i])) { Console.Error.WriteLine($"unknown option '{args[i]}'"); return 2; }
            o[args[i]] = args[i + 1];
        }
        int rowsOption = Int(o["--rows"]), cols = Int(o["--cols"]), reps = Int(o["--reps"]);
        var tokenCounts = o["--tokens"].Split(',').Select(Int).ToArray();
        var backend = new CpuBackend(Int(o["--threads"]));
        var rng = new Random(1);
        double bandwidth = ReadBandwidth.Measure(backend.Threads);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"matrices of {cols} columns, {backend.Threads} threads, fastest of {reps}; read bandwidth {bandwidth / 1e9:0.0} GB/s"));
        Console.WriteLine("| type | rows | tokens | ms/call | GB/s | % of read bandwidth | Mrow-tokens/s |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var name in o["--types"].Split(','))
        {
            var type = Enum.Parse<GgmlType>(name, ignoreCase: true);
            long rowBytes = GgmlTypeInfo.RowBytes(type, cols);
            int rows = rowsOption > 0 ? rowsOption : (int)((ReadBandwidth.DefaultBytes + rowBytes - 1) / rowBytes);
            long bytes = rowBytes * rows;
            byte* data = (byte*)NativeMemory.Alloc((nuint)bytes);
            try
            {
                FillFinite(data, bytes, rng);
                var w = new WeightMatrix(type, rows, cols, data);
                foreach (int t in tokenCounts)
                {
                    var x = new float[t * cols];
                    for (int i = 0; i < x.Length; i++) x[i] = rng.NextSingle() * 2 - 1;
                    var y = new float[t * rows];
                    backend.MatMul(w, x, y, t);
                    double s = double.MaxValue;
                    for (int r = 0; r < reps; r++)
                    {
                        long start = Stopwatch.GetTimestamp();
                        double cpu = ThreadCpuSeconds();
                        backend.MatMul(w, x, y, t);
                        s = Math.Min(s, backend.Threads == 1 && OperatingSystem.IsLinux() ? ThreadCpuSeconds() - cpu : Stopwatch.GetElapsedTime(start).TotalSeconds);
                    }
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {type} | {rows} | {t} | {s * 1e3:0.00} | {bytes / s / 1e9:0.0} | {100 * bytes / s / bandwidth:0} | {(double)rows * t / s / 1e6:0.0} |"));
                }
            }
            finally { NativeMemory.Free(data); }
        }
        return 0;
    }

    /// <summary>Random bytes with every 16-bit word's exponent kept below 15, so any f16 field is finite and at most ~1.</summary>
    static void FillFinite(byte* data, long bytes, Random rng)
    {
        rng.NextBytes(new Span<byte>(data, checked((int)bytes)));
        ushort* words = (ushort*)data;
        for (long i = 0; i < bytes / 2; i++) words[i] &= 0x3BFF;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec { public long Seconds, Nanoseconds; }

    const int ClockThreadCpuTime = 3;

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, TimeSpec* time);

    internal static double ThreadCpuSeconds()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        TimeSpec t;
        ClockGetTime(ClockThreadCpuTime, &t);
        return t.Seconds + t.Nanoseconds * 1e-9;
    }

    static int Int(string v) => int.Parse(v, CultureInfo.InvariantCulture);
}
