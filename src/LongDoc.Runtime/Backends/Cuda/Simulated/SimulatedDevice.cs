using System.Diagnostics;
using LongDoc.Runtime.Backends.Cuda.Compile;

namespace LongDoc.Runtime.Backends.Cuda.Simulated;

/// <summary>
/// The device layer in host memory (<c>--device cuda-sim</c>): allocations, copies and memsets on
/// <see cref="SimulatedMemory"/>, each bounds-checked; a module per kernel file whose entry points run their C#
/// references (Simulated/Kernels, one file per .cu) at launch, in launch order. It reports itself as an sm_90 part
/// with 132 SMs (an H100's counts), which launchers size grids and splits by; nothing is compiled. Its memory has a size
/// (80 GiB unless told, see <see cref="SimulatedMemorySize"/>): an allocation past it fails as cuMemAlloc does, with
/// CUDA_ERROR_OUT_OF_MEMORY, so placement and fitting are testable with a small one.
/// </summary>
public sealed unsafe class SimulatedDevice(long totalBytes = SimulatedMemorySize.DefaultBytes) : IDeviceLayer
{
    readonly SimulatedMemory _memory = new();
    readonly Dictionary<string, long> _launches = new(StringComparer.Ordinal);

    public DeviceProperties Properties { get; } =
        new("LongDoc simulated CUDA device (host memory, C# kernel references)", 9, 0, 132, 227 * 1024, totalBytes, "simulated");

    public SimulatedMemory Memory => _memory;

    /// <summary>Launches run so far, by entry point (tests check which device paths a model took).</summary>
    public IReadOnlyDictionary<string, long> Launches
    {
        get { lock (_launches) return new Dictionary<string, long>(_launches); }
    }

    internal void Launched(string entryPoint)
    {
        lock (_launches) _launches[entryPoint] = _launches.GetValueOrDefault(entryPoint) + 1;
    }

    public string KernelArchitecture() => "simulated";
    public void MakeCurrent() { }
    public void Synchronize() { }
    public (long Free, long Total) MemoryInfo() => (totalBytes - _memory.Allocated, totalBytes);

    public IDisposable Allocate(long bytes, out ulong address)
    {
        address = _memory.Allocate(bytes, totalBytes);
        return new SimulatedAllocation(_memory, address);
    }

    public void CopyToDevice(ulong destination, void* source, long bytes)
    {
        _memory.Check(destination, bytes, "copy host to device, destination");
        Buffer.MemoryCopy(source, (void*)destination, bytes, bytes);
    }

    public void CopyToHost(void* destination, ulong source, long bytes)
    {
        _memory.Check(source, bytes, "copy device to host, source");
        Buffer.MemoryCopy((void*)source, destination, bytes, bytes);
    }

    public void CopyOnDevice(ulong destination, ulong source, long bytes, IDeviceStream stream)
    {
        _memory.Check(source, bytes, "copy device to device, source");
        _memory.Check(destination, bytes, "copy device to device, destination");
        Buffer.MemoryCopy((void*)source, (void*)destination, bytes, bytes);
    }

    public void Set8(ulong destination, byte value, long count)
    {
        _memory.Check(destination, count, "memset (8-bit)");
        for (long i = 0; i < count; i++) ((byte*)destination)[i] = value;
    }

    public void Set32(ulong destination, uint value, long count)
    {
        _memory.Check(destination, count * 4, "memset (32-bit)");
        for (long i = 0; i < count; i++) ((uint*)destination)[i] = value;
    }

    public IDeviceStream CreateStream() => new SimulatedStream();
    public IDeviceEvent CreateEvent() => new SimulatedEvent();

    public (IDeviceModule Module, KernelBuild? Build) LoadModule(KernelSource source, string architecture, KernelCompiler? compiler) =>
        (new SimulatedModule(source, this), null);

    public void Dispose() => _memory.Dispose();

    sealed class SimulatedStream : IDeviceStream
    {
        public void Synchronize() { }
        public void Dispose() { }
    }

    /// <summary>Host time: launches run when they are queued, so the time between two events is the references'.</summary>
    sealed class SimulatedEvent : IDeviceEvent
    {
        long _at;
        public void Record(IDeviceStream stream) => _at = Stopwatch.GetTimestamp();
        public void Synchronize() { }
        public float ElapsedSince(IDeviceEvent start) => (float)Stopwatch.GetElapsedTime(((SimulatedEvent)start)._at, _at).TotalMilliseconds;
        public void Dispose() { }
    }
}
