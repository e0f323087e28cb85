namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// An ordered queue of device work. On the driver it is created blocking (CU_STREAM_DEFAULT), so the synchronous
/// copies of <see cref="DeviceBuffer{T}"/> (which run on the legacy default stream) wait for kernels launched here and
/// kernels launched here wait for them: upload, launch, download needs no explicit synchronization. The simulated
/// device runs each launch when it is queued, which is one order the driver may choose.
/// </summary>
public sealed class CudaStream : IDisposable
{
    public CudaStream(CudaDevice device)
    {
        device.MakeCurrent();
        Layer = device.Layer.CreateStream();
    }

    internal IDeviceStream Layer { get; }

    public void Synchronize() => Layer.Synchronize();

    public void Dispose() => Layer.Dispose();
}

/// <summary>A timing event: record two on a stream, synchronize the second, read the milliseconds between them.</summary>
public sealed class CudaEvent : IDisposable
{
    readonly IDeviceEvent _event;

    public CudaEvent(CudaDevice device)
    {
        device.MakeCurrent();
        _event = device.Layer.CreateEvent();
    }

    public void Record(CudaStream stream) => _event.Record(stream.Layer);

    public void Synchronize() => _event.Synchronize();

    /// <summary>Milliseconds from <paramref name="start"/> to this event (both recorded, this one completed).</summary>
    public float ElapsedSince(CudaEvent start) => _event.ElapsedSince(start._event);

    public void Dispose() => _event.Dispose();
}
