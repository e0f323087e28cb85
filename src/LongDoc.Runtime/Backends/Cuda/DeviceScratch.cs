namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// Device staging for the host spans that <see cref="IBackend"/> ops take: a few buffers that only grow, so after
/// the first batch of a given size nothing is allocated (the CPU backend's rule, on the device).
/// </summary>
public sealed class DeviceScratch<T>(CudaDevice device) : IDisposable where T : unmanaged
{
    DeviceBuffer<T>? _buffer;

    /// <summary>A buffer of at least <paramref name="length"/> elements; contents undefined.</summary>
    public DeviceBuffer<T> Get(long length)
    {
        if (_buffer == null || _buffer.Length < length)
        {
            _buffer?.Dispose();
            _buffer = new DeviceBuffer<T>(device, Math.Max(length, (_buffer?.Length ?? 0) * 3 / 2));
        }
        return _buffer;
    }

    /// <summary>A buffer holding a copy of <paramref name="source"/>.</summary>
    public DeviceBuffer<T> Upload(ReadOnlySpan<T> source)
    {
        var b = Get(source.Length);
        b.Upload(source);
        return b;
    }

    public void Dispose() => _buffer?.Dispose();
}
