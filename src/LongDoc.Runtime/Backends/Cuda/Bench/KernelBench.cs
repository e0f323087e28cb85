namespace LongDoc.Runtime.Backends.Cuda.Bench;

/// <summary>One timed kernel: what it moves and computes per launch, and the launch itself (inputs already on the device).</summary>
public sealed record BenchCase(string Name, string Shape, double Bytes, double Flops, Action<CudaStream> Launch) : IDisposable
{
    /// <summary>Device buffers the case owns, freed after it is timed.</summary>
    public List<IDisposable> Buffers { get; } = [];
    public void Dispose() { foreach (var b in Buffers) b.Dispose(); }
}

/// <summary>Per-kernel timing: median of event-timed reps, achieved GB/s and TFLOP/s, and the fraction of the
/// device's ceilings (copy bandwidth measured here once; the bf16 tensor rate given, 790 TFLOP/s on an H200).</summary>
public sealed record BenchRow(string Name, string Shape, double Milliseconds, double GBps, double TFlops, double BandwidthFraction, double TensorFraction);

public static class KernelBench
{
    /// <summary>Dense bf16 tensor-core rate measured on an H200 (issue 6); used until we measure our own.</summary>
    public const double H200Bf16TensorTflops = 790;

    /// <summary>Device-to-device copy bandwidth in GB/s (bytes read + bytes written per second), 256 MiB copied 20 times.</summary>
    public static double CopyBandwidth(CudaDevice device, CudaStream stream)
    {
        const long Bytes = 256L << 20;
        using var a = new DeviceBuffer<byte>(device, Bytes);
        using var b = new DeviceBuffer<byte>(device, Bytes);
        a.Clear();
        double ms = Median(device, stream, 20, s => b.CopyFrom(a, Bytes, s));
        return 2.0 * Bytes / (ms * 1e-3) / 1e9;
    }

    public static BenchRow Time(CudaDevice device, CudaStream stream, BenchCase c, double copyGBps, double tensorTflops, int reps = 20)
    {
        double ms = Median(device, stream, reps, c.Launch);
        double gbps = c.Bytes / (ms * 1e-3) / 1e9;
        double tflops = c.Flops / (ms * 1e-3) / 1e12;
        return new BenchRow(c.Name, c.Shape, ms, gbps, tflops, gbps / copyGBps, tflops / tensorTflops);
    }

    /// <summary>Median milliseconds of <paramref name="reps"/> event-timed runs after 3 warm-ups.</summary>
    static double Median(CudaDevice device, CudaStream stream, int reps, Action<CudaStream> run)
    {
        using var start = new CudaEvent(device);
        using var stop = new CudaEvent(device);
        for (int i = 0; i < 3; i++) run(stream);
        stream.Synchronize();
        var times = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            start.Record(stream);
            run(stream);
            stop.Record(stream);
            stop.Synchronize();
            times[i] = stop.ElapsedSince(start);
        }
        Array.Sort(times);
        return times[reps / 2];
    }
}
