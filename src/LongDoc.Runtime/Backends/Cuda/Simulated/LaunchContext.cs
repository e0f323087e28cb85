namespace LongDoc.Runtime.Backends.Cuda.Simulated;

/// <summary>
/// One launch on the simulated device as a kernel reference sees it: the entry point, the launch configuration
/// (gridDim, blockDim, dynamic shared bytes) and the parameters decoded from the launcher's 8-byte slots in the
/// .cu's declaration order, pointers as bounds-checked <see cref="DevicePtr{T}"/>.
/// </summary>
public sealed class LaunchContext(string kernel, string file, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args, SimulatedMemory memory)
{
    readonly KernelArgs _args = args;

    public string Kernel => kernel;
    public string File => file;
    public Dim3 Grid => grid;
    public Dim3 Block => block;
    public int SharedBytes => sharedBytes;
    public int Parameters => _args.Count;

    public DevicePtr<T> Ptr<T>(int slot, string name) where T : unmanaged
    {
        ulong address = _args[slot];
        var (start, bytes) = address == 0 ? (0UL, 0L) : memory.Find(address);
        return new DevicePtr<T>(address, start, start + (ulong)bytes, $"{kernel} ({file})", name);
    }

    public int Int(int slot) => (int)(uint)_args[slot];
    public uint UInt(int slot) => (uint)_args[slot];
    public long Long(int slot) => (long)_args[slot];
    public float Float(int slot) => BitConverter.UInt32BitsToSingle((uint)_args[slot]);
    public double Double(int slot) => BitConverter.Int64BitsToDouble((long)_args[slot]);

    /// <summary>Throws a <see cref="SimulatedFaultException"/> naming the kernel when the launch breaks an assumption of its .cu
    /// (block size, shared memory, argument ranges).</summary>
    public void Require(bool condition, string what)
    {
        if (!condition) throw new SimulatedFaultException($"{kernel} ({file}) grid {grid} block {block} shared {sharedBytes} B: {what}");
    }

    /// <summary>The dynamic shared memory the .cu carves up must have been passed at launch.</summary>
    public void RequireShared(long bytes) => Require(sharedBytes >= bytes, $"the kernel uses {bytes} bytes of dynamic shared memory");
}

/// <summary>The C# scalar reference of one entry point: its parameter count (the .cu declaration) and the body.</summary>
public sealed record KernelReference(int Parameters, Action<LaunchContext> Run);
