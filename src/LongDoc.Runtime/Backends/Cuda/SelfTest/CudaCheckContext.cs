using LongDoc.Runtime.Backends.Cpu;

namespace LongDoc.Runtime.Backends.Cuda.SelfTest;

/// <summary>What a kernel check needs: the device with its kernels and stream, and the CPU backend as the reference.
/// Device buffers a check allocates are disposed after it runs.</summary>
public sealed class CudaCheckContext(CudaDevice device, CudaKernels kernels, CudaStream stream, CpuBackend cpu) : IDisposable
{
    readonly List<IDisposable> _owned = [];

    public CudaDevice Device => device;
    public CudaKernels Kernels => kernels;
    public CudaStream Stream => stream;
    public CpuBackend Cpu => cpu;

    /// <summary>A device copy of <paramref name="values"/>.</summary>
    public DeviceBuffer<T> Input<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        var b = Own(new DeviceBuffer<T>(device, values.Length));
        b.Upload(values);
        return b;
    }

    /// <summary>An output buffer with every byte 0xFF (NaN for floats, -1 for ints), so an unwritten element fails.</summary>
    public DeviceBuffer<T> Poisoned<T>(long length) where T : unmanaged
    {
        var b = Own(new DeviceBuffer<T>(device, length));
        b.Poison();
        return b;
    }

    /// <summary>The contents of <paramref name="buffer"/>, after the stream's work is done.</summary>
    public T[] Read<T>(DeviceBuffer<T> buffer) where T : unmanaged
    {
        stream.Synchronize();
        var host = new T[buffer.Length];
        buffer.Download(host);
        return host;
    }

    /// <summary>Uniform in [-scale, scale).</summary>
    public static float[] RandomFloats(Random rng, int n, float scale = 1f)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return x;
    }

    T Own<T>(T d) where T : IDisposable { _owned.Add(d); return d; }

    /// <summary>Frees the buffers of the last check.</summary>
    public void Release()
    {
        foreach (var d in _owned) d.Dispose();
        _owned.Clear();
    }

    public void Dispose() => Release();
}
