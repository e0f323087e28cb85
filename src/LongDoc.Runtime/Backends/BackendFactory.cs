using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends;

/// <summary>Where a model runs: Auto takes CUDA where its quick self-test passed (<see cref="Auto.AutoDevice"/>), else the CPU.
/// CudaSim is the CUDA backend on the simulated device (kernels run as C# references in host memory); Auto never picks it.</summary>
public enum DeviceKind { Auto, Cpu, Cuda, CudaSim }

/// <summary>Chooses and creates the backend for <see cref="RuntimeOptions.Device"/>.</summary>
public static class BackendFactory
{
    /// <summary>Cpu: the CPU backend. Cuda: the CUDA backend or <see cref="CudaUnavailableException"/> with the likely
    /// causes. CudaSim: the CUDA backend on the simulated device. Auto: <see cref="Auto.AutoDevice.Create"/>, which says which (and why not CUDA) through <see cref="RuntimeOptions.Log"/>.</summary>
    public static IBackend Create(RuntimeOptions options)
    {
        switch (options.Device)
        {
            case DeviceKind.Cpu:
                return new CpuBackend(options.Threads);
            case DeviceKind.Cuda:
                return OpenCuda(options);
            case DeviceKind.CudaSim:
                var simulated = CudaBackend.OpenSimulated(options.Threads, Cuda.Simulated.SimulatedMemorySize.Resolve(options.SimulatedDeviceMemory));
                options.Log?.Invoke($"device: cuda-sim {simulated.Device}");
                return simulated;
            default:
                return Auto.AutoDevice.Create(options);
        }
    }

    static CudaBackend OpenCuda(RuntimeOptions options)
    {
        var backend = CudaBackend.Open(options.Threads, options.NvrtcPath, options.Log);
        options.Log?.Invoke($"device: cuda {backend.Device} kernels {backend.Kernels.Architecture}");
        return backend;
    }
}
