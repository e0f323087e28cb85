using LongDoc.Runtime.Backends.Cuda.Interop;
using static LongDoc.Runtime.Backends.Cuda.Interop.CudaStatus;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// An ordered queue of device work. Created blocking (CU_STREAM_DEFAULT), so the synchronous copies of
/// <see cref="DeviceBuffer{T}"/> (which run on the legacy default stream) wait for kernels launched here and
/// kernels launched here wait for them: upload, launch, download needs no explicit synchronization.
/// </summary>
public sealed class CudaStream : IDisposable
{
    readonly CudaStreamHandle _handle;

    public CudaStream(CudaDevice device)
    {
        device.MakeCurrent();
        _handle = new CudaStreamHandle(device.Context);
        ThrowIfFailed(CuDriver.cuStreamCreate(out nint raw, CuFlags.StreamDefault));
        _handle.Set(raw);
    }

    internal nint Raw => _handle.Raw;

    public void Synchronize() => ThrowIfFailed(CuDriver.cuStreamSynchronize(_handle.Raw));

    public void Dispose() => _handle.Dispose();
}

/// <summary>A timing event: record two on a stream, synchronize the second, read the milliseconds between them.</summary>
public sealed class CudaEvent : IDisposable
{
    readonly CudaEventHandle _handle;

    public CudaEvent(CudaDevice device)
    {
        device.MakeCurrent();
        _handle = new CudaEventHandle(device.Context);
        ThrowIfFailed(CuDriver.cuEventCreate(out nint raw, CuFlags.EventDefault));
        _handle.Set(raw);
    }

    public void Record(CudaStream stream) => ThrowIfFailed(CuDriver.cuEventRecord(_handle.Raw, stream.Raw));

    public void Synchronize() => ThrowIfFailed(CuDriver.cuEventSynchronize(_handle.Raw));

    /// <summary>Milliseconds from <paramref name="start"/> to this event (both recorded, this one completed).</summary>
    public float ElapsedSince(CudaEvent start)
    {
        ThrowIfFailed(CuDriver.cuEventElapsedTime(out float ms, start._handle.Raw, _handle.Raw));
        return ms;
    }

    public void Dispose() => _handle.Dispose();
}
