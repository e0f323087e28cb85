using System.Diagnostics.CodeAnalysis;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// A kernel's parameters in declaration order, each in its own 8-byte slot (cuLaunchKernel reads sizeof(param)
/// bytes from each slot's address; little-endian puts a 4-byte int in the slot's first bytes). Lives on the stack:
/// <c>var a = new KernelArgs(); a.Add(x.Pointer); a.Add(n); f.Launch(grid, block, 0, stream, ref a);</c>
/// </summary>
public unsafe struct KernelArgs
{
    public const int Capacity = 32;
    fixed ulong _slots[Capacity];
    int _count;

    public readonly int Count => _count;

    public void Add(DevicePointer pointer) => Slot() = pointer.Address;
    public void Add<T>(DeviceBuffer<T> buffer) where T : unmanaged => Slot() = buffer.Pointer.Address;
    public void Add(int value) => Slot() = (uint)value;
    public void Add(uint value) => Slot() = value;
    public void Add(long value) => Slot() = (ulong)value;
    public void Add(float value) => Slot() = BitConverter.SingleToUInt32Bits(value);

    /// <summary>Raw slot <paramref name="index"/> (tests check the encoding).</summary>
    public readonly ulong this[int index] => (uint)index < (uint)_count ? _slots[index] : throw new ArgumentOutOfRangeException(nameof(index));

    [UnscopedRef]
    ref ulong Slot()
    {
        if (_count == Capacity) throw new InvalidOperationException($"a kernel takes at most {Capacity} parameters here");
        _slots[_count] = 0;
        return ref _slots[_count++];
    }
}
