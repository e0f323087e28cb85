using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Backends.Cuda.Interop;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>What <see cref="CudaDevice"/> reports about the device behind it.</summary>
public sealed record DeviceProperties(string Name, int ComputeMajor, int ComputeMinor, int Multiprocessors, int MaxSharedPerBlockOptin,
    long TotalMemory, string DriverVersion);

/// <summary>
/// The device layer under <see cref="CudaBackend"/>: memory, copies, streams, module load, function lookup and launch.
/// Two implementations: the CUDA driver (Driver/DriverDevice.cs) and the simulated device in host memory
/// (Simulated/SimulatedDevice.cs), whose launch runs the C# reference of the kernel with the launch's arguments.
/// Addresses are plain 64-bit device addresses; sizes are bytes.
/// </summary>
public interface IDeviceLayer : IDisposable
{
    DeviceProperties Properties { get; }

    /// <summary>The architecture kernels are built for ("sm_90", "compute_80", or "simulated").</summary>
    string KernelArchitecture();

    void MakeCurrent();
    void Synchronize();
    (long Free, long Total) MemoryInfo();

    /// <summary>Allocates <paramref name="bytes"/> (at least 1); disposing the returned handle frees them.</summary>
    IDisposable Allocate(long bytes, out ulong address);
    unsafe void CopyToDevice(ulong destination, void* source, long bytes);
    unsafe void CopyToHost(void* destination, ulong source, long bytes);
    void CopyOnDevice(ulong destination, ulong source, long bytes, IDeviceStream stream);
    void Set8(ulong destination, byte value, long count);
    void Set32(ulong destination, uint value, long count);

    IDeviceStream CreateStream();
    IDeviceEvent CreateEvent();

    /// <summary>The module of <paramref name="source"/>, compiled by <paramref name="compiler"/> where the device runs
    /// compiled code (the build is returned for reporting), else null.</summary>
    (IDeviceModule Module, KernelBuild? Build) LoadModule(KernelSource source, string architecture, KernelCompiler? compiler);
}

/// <summary>An ordered queue of device work.</summary>
public interface IDeviceStream : IDisposable
{
    void Synchronize();
}

/// <summary>A timing event on a stream.</summary>
public interface IDeviceEvent : IDisposable
{
    void Record(IDeviceStream stream);
    void Synchronize();
    float ElapsedSince(IDeviceEvent start);
}

/// <summary>One loaded kernel file.</summary>
public interface IDeviceModule : IDisposable
{
    IDeviceFunction GetFunction(string entryPoint);
}

/// <summary>One entry point of a loaded module.</summary>
public interface IDeviceFunction
{
    int Attribute(CuFunctionAttribute attribute);
    void Launch(Dim3 grid, Dim3 block, int sharedBytes, IDeviceStream stream, ref KernelArgs args);
}
