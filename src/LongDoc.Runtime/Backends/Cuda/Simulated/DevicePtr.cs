namespace LongDoc.Runtime.Backends.Cuda.Simulated;

/// <summary>
/// A kernel argument of pointer type as a kernel reference sees it: element access bounds-checked against the live
/// allocation the argument pointed into at launch, so an index the .cu would compute outside it is a
/// <see cref="SimulatedFaultException"/> naming the kernel, the argument, the element and the allocation.
/// <see cref="Plus"/> moves the pointer (as <c>x + offset</c> in the .cu) and keeps the allocation's bounds.
/// </summary>
public readonly unsafe struct DevicePtr<T> where T : unmanaged
{
    readonly ulong _address, _start, _end;
    readonly string _kernel, _name;

    internal DevicePtr(ulong address, ulong start, ulong end, string kernel, string name)
    {
        _address = address;
        _start = start;
        _end = end;
        _kernel = kernel;
        _name = name;
    }

    public bool IsNull => _address == 0;
    public ulong Address => _address;

    public ref T this[long index]
    {
        get
        {
            ulong at = _address + (ulong)(index * sizeof(T));
            if (index < 0 || at < _start || at + (ulong)sizeof(T) > _end) throw Fault(index, $"{sizeof(T)}-byte element");
            return ref *(T*)at;
        }
    }

    /// <summary>The pointer <paramref name="elements"/> further on, same allocation.</summary>
    public DevicePtr<T> Plus(long elements) => new(_address + (ulong)(elements * sizeof(T)), _start, _end, _kernel, _name);

    /// <summary>The same address read as <typeparamref name="TOther"/> (the .cu's reinterpret_cast).</summary>
    public DevicePtr<TOther> As<TOther>() where TOther : unmanaged => new(_address, _start, _end, _kernel, _name);

    /// <summary>Elements <paramref name="index"/> .. index + count - 1 as a span (a quantized block the kernel reads byte by
    /// byte), bounds-checked as one access.</summary>
    public ReadOnlySpan<T> Span(long index, int count)
    {
        ulong at = _address + (ulong)(index * sizeof(T));
        if (index < 0 || count < 0 || at < _start || at + (ulong)(count * sizeof(T)) > _end) throw Fault(index, $"{count}-element read");
        return new ReadOnlySpan<T>((void*)at, count);
    }

    /// <summary>A <paramref name="bytes"/>-byte vector load at element <paramref name="index"/> (uint4, float4, u32 pair):
    /// in bounds and aligned to its size, as the GPU requires.</summary>
    public void Vector(long index, int bytes)
    {
        ulong at = _address + (ulong)(index * sizeof(T));
        if (index < 0 || at < _start || at + (ulong)bytes > _end) throw Fault(index, $"{bytes}-byte vector load");
        if (at % (ulong)bytes != 0) throw new SimulatedFaultException($"{_kernel}: argument {_name}: {bytes}-byte vector load at element {index} " +
            $"(address 0x{at:x}) is not {bytes}-byte aligned");
    }

    SimulatedFaultException Fault(long index, string access)
    {
        if (_address == 0) return new SimulatedFaultException($"{_kernel}: argument {_name} is null and the kernel reads element {index}");
        if (_end == 0) return new SimulatedFaultException($"{_kernel}: argument {_name} = 0x{_address:x} points into no live allocation (element {index})");
        long offset = (long)(_address - _start) + index * sizeof(T);
        return new SimulatedFaultException($"{_kernel}: argument {_name}: {access} at index {index} = byte offset {offset} of an allocation of " +
            $"{_end - _start} bytes (the argument starts at byte {_address - _start} of it)");
    }
}
