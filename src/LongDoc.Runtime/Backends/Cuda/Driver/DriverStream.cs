using LongDoc.Runtime.Backends.Cuda.Interop;
using static LongDoc.Runtime.Backends.Cuda.Interop.CudaStatus;

namespace LongDoc.Runtime.Backends.Cuda.Driver;

/// <summary>A driver stream, created blocking (CU_STREAM_DEFAULT) so that the synchronous copies on the legacy
/// default stream wait for its kernels and its kernels wait for them.</summary>
public sealed class DriverStream : IDeviceStream
{
    readonly CudaStreamHandle _handle;

    internal DriverStream(nint context)
    {
        _handle = new CudaStreamHandle(context);
        ThrowIfFailed(CuDriver.cuStreamCreate(out nint raw, CuFlags.StreamDefault));
        _handle.Set(raw);
    }

    internal nint Raw => _handle.Raw;

    public void Synchronize() => ThrowIfFailed(CuDriver.cuStreamSynchronize(_handle.Raw));

    public void Dispose() => _handle.Dispose();
}

/// <summary>A driver timing event.</summary>
public sealed class DriverEvent : IDeviceEvent
{
    readonly CudaEventHandle _handle;

    internal DriverEvent(nint context)
    {
        _handle = new CudaEventHandle(context);
        ThrowIfFailed(CuDriver.cuEventCreate(out nint raw, CuFlags.EventDefault));
        _handle.Set(raw);
    }

    public void Record(IDeviceStream stream) => ThrowIfFailed(CuDriver.cuEventRecord(_handle.Raw, ((DriverStream)stream).Raw));

    public void Synchronize() => ThrowIfFailed(CuDriver.cuEventSynchronize(_handle.Raw));

    public float ElapsedSince(IDeviceEvent start)
    {
        ThrowIfFailed(CuDriver.cuEventElapsedTime(out float ms, ((DriverEvent)start)._handle.Raw, _handle.Raw));
        return ms;
    }

    public void Dispose() => _handle.Dispose();
}
