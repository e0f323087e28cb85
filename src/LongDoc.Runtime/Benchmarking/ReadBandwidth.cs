using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LongDoc.Runtime.Backends.Cpu;

namespace LongDoc.Runtime.Benchmarking;

/// <summary>
/// The machine's streaming read bandwidth as decode sees it: <c>threads</c> threads of the CPU backend's worker pool
/// sum a buffer far larger than the caches in consecutive slices (as a matmul streams its rows), fastest of
/// <c>reps</c> passes (the least disturbed on a loaded machine). The bandwidth floor of decode divides this by the
/// bytes one token reads (<see cref="DecodeTraffic"/>).
/// </summary>
public static unsafe class ReadBandwidth
{
    public const long DefaultBytes = 256L << 20;

    /// <summary>Bytes per second.</summary>
    public static double Measure(int threads, long bytes = DefaultBytes, int reps = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, SliceBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(reps, 1);
        using var pool = new WorkerPool(threads);
        var job = new SumJob((byte*)NativeMemory.AlignedAlloc((nuint)bytes, 64), bytes / SliceBytes);
        try
        {
            NativeMemory.Fill(job.Data, (nuint)bytes, 1);   // maps every page before the clock runs
            double best = double.MaxValue;
            for (int r = -1; r < reps; r++)  // rep -1 warms the threads up
            {
                long start = Stopwatch.GetTimestamp();
                pool.Run(job, (int)job.Slices);
                if (r >= 0) best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
            return job.Slices * SliceBytes / best;
        }
        finally { NativeMemory.AlignedFree(job.Data); }
    }

    const long SliceBytes = 256 << 10;  // a chunk: 256 KiB, as a matmul chunk of 64 rows of ~4 KB

    sealed class SumJob(byte* data, long slices) : IParallelJob
    {
        public byte* Data => data;
        public long Slices => slices;
        long _sink;

        public void Execute(int chunk)
        {
            var p = (Vector256<long>*)(data + chunk * SliceBytes);
            Vector256<long> a = default, b = default, c = default, d = default;
            for (long i = 0; i < SliceBytes / 32; i += 4)
            {
                a += p[i]; b += p[i + 1]; c += p[i + 2]; d += p[i + 3];
            }
            Interlocked.Add(ref _sink, Vector256.Sum(a + b + c + d));  // keeps the loads alive
        }
    }
}
