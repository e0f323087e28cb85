using System.Runtime.CompilerServices;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// <see cref="Length"/> elements of <typeparamref name="T"/> in device memory. Copies to and from host spans are
/// synchronous (they return when the data has arrived) and ordered after kernels on blocking streams, see
/// <see cref="CudaStream"/>.
/// </summary>
public sealed unsafe class DeviceBuffer<T> : IDisposable where T : unmanaged
{
    readonly IDisposable _memory;
    readonly ulong _address;

    public DeviceBuffer(CudaDevice device, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Device = device;
        Length = length;
        device.MakeCurrent();
        // cuMemAlloc refuses 0 bytes; an empty buffer still gets a valid (unused) address.
        _memory = device.Layer.Allocate(Math.Max(Bytes, 1), out _address);
    }

    public CudaDevice Device { get; }
    public long Length { get; }
    public long Bytes => Length * sizeof(T);
    public DevicePointer Pointer => new(_address);

    /// <summary>Address of element <paramref name="index"/>.</summary>
    public DevicePointer At(long index) => Pointer.Offset(index * sizeof(T));

    public void Upload(ReadOnlySpan<T> source, long offset = 0)
    {
        Check(offset, source.Length);
        if (source.IsEmpty) return;   // a 0-byte copy from a null pointer is refused by some drivers
        fixed (T* p = source) Device.Layer.CopyToDevice(_address + (ulong)(offset * sizeof(T)), p, (long)source.Length * sizeof(T));
    }

    public void Download(Span<T> destination, long offset = 0)
    {
        Check(offset, destination.Length);
        if (destination.IsEmpty) return;
        fixed (T* p = destination) Device.Layer.CopyToHost(p, _address + (ulong)(offset * sizeof(T)), (long)destination.Length * sizeof(T));
    }

    /// <summary>Device-to-device copy of <paramref name="count"/> elements, queued on <paramref name="stream"/>.</summary>
    public void CopyFrom(DeviceBuffer<T> source, long count, CudaStream stream, long sourceOffset = 0, long offset = 0)
    {
        Check(offset, count);
        source.Check(sourceOffset, count);
        Device.Layer.CopyOnDevice(At(offset).Address, source.At(sourceOffset).Address, count * sizeof(T), stream.Layer);
    }

    /// <summary>Every byte 0xFF: NaN as f32, f16 and bf16, -1 as an integer. Outputs are poisoned before a kernel
    /// check so that an element the kernel never writes cannot pass.</summary>
    public void Poison() => Device.Layer.Set8(_address, 0xFF, Bytes);

    public void Clear() => Device.Layer.Set8(_address, 0, Bytes);

    /// <summary>Every element set to <paramref name="value"/> (4-byte types only, one cuMemsetD32).</summary>
    public void Fill(T value)
    {
        if (sizeof(T) != 4) throw new NotSupportedException($"Fill needs a 4-byte element type, not {typeof(T).Name}");
        Device.Layer.Set32(_address, Unsafe.As<T, uint>(ref value), Length);
    }

    void Check(long offset, long count)
    {
        if (offset < 0 || count < 0 || offset + count > Length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"elements {offset}..{offset + count} outside a device buffer of {Length} {typeof(T).Name}");
    }

    public void Dispose() => _memory.Dispose();
}
