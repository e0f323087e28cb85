using System.Runtime.InteropServices;

namespace LongDoc.Runtime.Backends.Cuda.Simulated;

/// <summary>
/// The simulated device's memory: host allocations it owns, 256-byte aligned as cuMemAlloc's, whose host addresses are
/// the device addresses. Every copy and every element a kernel reference touches is checked to lie inside one live
/// allocation (<see cref="Check"/>, <see cref="DevicePtr{T}"/>). New allocations are filled with 0xFF bytes (NaN as
/// f32/f16/bf16), as uninitialized device memory may hold anything: a read of memory nothing wrote cannot pass.
/// </summary>
public sealed unsafe class SimulatedMemory : IDisposable
{
    const int Alignment = 256;
    readonly List<(ulong Start, long Bytes)> _blocks = [];
    readonly Lock _gate = new();
    bool _disposed;

    public long Allocated { get; private set; }
    /// <summary>The most <see cref="Allocated"/> has been (tests check a placement plan covers what a run took).</summary>
    public long Peak { get; private set; }

    /// <summary>A new allocation; <see cref="Interop.CudaException"/> (out of memory, as cuMemAlloc) when it would take the
    /// live allocations past <paramref name="limit"/> bytes.</summary>
    public ulong Allocate(long bytes, long limit = long.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        lock (_gate)
        {
            if (bytes > limit - Allocated)
                throw new Interop.CudaException(Interop.CuResult.OutOfMemory, "cuMemAlloc",
                    $"simulated device: {bytes} bytes asked, {Math.Max(0, limit - Allocated)} of {limit} free");
            Allocated += bytes;   // taken now, so two threads cannot both pass the limit
            Peak = Math.Max(Peak, Allocated);
        }
        void* p = NativeMemory.AlignedAlloc((nuint)bytes, Alignment);
        new Span<byte>(p, (int)Math.Min(bytes, int.MaxValue)).Fill(0xFF);
        for (long done = int.MaxValue; done < bytes; done += int.MaxValue)
            new Span<byte>((byte*)p + done, (int)Math.Min(bytes - done, int.MaxValue)).Fill(0xFF);
        ulong start = (ulong)p;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _blocks.Insert(Index(start) + 1, (start, bytes));
        }
        return start;
    }

    public void Free(ulong start)
    {
        lock (_gate)
        {
            if (_disposed) return;   // the device freed everything when it was disposed
            int at = Index(start);
            if (at < 0 || _blocks[at].Start != start)
                throw new SimulatedFaultException($"free of 0x{start:x}, which is not the start of a live allocation (freed twice?)");
            Allocated -= _blocks[at].Bytes;
            _blocks.RemoveAt(at);
        }
        NativeMemory.AlignedFree((void*)start);
    }

    /// <summary>The live allocation holding <paramref name="address"/>, or (0, 0).</summary>
    public (ulong Start, long Bytes) Find(ulong address)
    {
        lock (_gate)
        {
            int at = Index(address);
            return at >= 0 && address < _blocks[at].Start + (ulong)_blocks[at].Bytes ? _blocks[at] : (0, 0);
        }
    }

    /// <summary>Throws <see cref="SimulatedFaultException"/> naming <paramref name="what"/> unless all of
    /// [address, address + bytes) lies in one live allocation.</summary>
    public void Check(ulong address, long bytes, string what)
    {
        if (bytes == 0) return;
        var (start, size) = Find(address);
        if (size == 0)
            throw new SimulatedFaultException($"{what}: 0x{address:x} (+{bytes} bytes) is in no live allocation");
        if (bytes < 0 || address + (ulong)bytes > start + (ulong)size)
            throw new SimulatedFaultException($"{what}: bytes {address - start}..{address - start + (ulong)bytes} of an allocation of {size} bytes at 0x{start:x}");
    }

    /// <summary>Index of the last block starting at or before <paramref name="address"/>, or -1.</summary>
    int Index(ulong address)
    {
        int lo = 0, hi = _blocks.Count - 1, last = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_blocks[mid].Start <= address) { last = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return last;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var (start, _) in _blocks) NativeMemory.AlignedFree((void*)start);
            _blocks.Clear();
            Allocated = 0;
        }
    }
}

/// <summary>One allocation of <see cref="SimulatedMemory"/>; disposing frees it.</summary>
sealed class SimulatedAllocation(SimulatedMemory memory, ulong start) : IDisposable
{
    bool _freed;

    public void Dispose()
    {
        if (_freed) return;
        _freed = true;
        memory.Free(start);
    }
}

/// <summary>What the simulated device reports instead of corrupting memory: an out-of-range copy or element access, a
/// misaligned vector load, a launch configuration or argument the kernel cannot work with.</summary>
public sealed class SimulatedFaultException(string message) : Exception(message);
