using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Interop;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends;

/// <summary>Where a model runs: Auto takes CUDA when a device answers (and NVRTC loads), else the CPU. CudaSim is the CUDA
/// backend on the simulated device (kernels run as C# references in host memory); Auto never picks it.</summary>
public enum DeviceKind { Auto, Cpu, Cuda, CudaSim }

/// <summary>Chooses and creates the backend for <see cref="RuntimeOptions.Device"/>.</summary>
public static class BackendFactory
{
    /// <summary>Cpu: the CPU backend. Cuda: the CUDA backend or <see cref="CudaUnavailableException"/> with the likely
    /// causes. CudaSim: the CUDA backend on the simulated device. Auto: CUDA when it opens, else the CPU, saying which (and why not CUDA) through <see cref="RuntimeOptions.Log"/>.</summary>
    public static IBackend Create(RuntimeOptions options)
    {
        switch (options.Device)
        {
            case DeviceKind.Cpu:
                return new CpuBackend(options.Threads);
            case DeviceKind.Cuda:
                return OpenCuda(options);
            case DeviceKind.CudaSim:
                var simulated = CudaBackend.OpenSimulated(options.Threads);
                options.Log?.Invoke($"device: cuda-sim {simulated.Device}");
                return simulated;
            default:
                try
                {
                    return OpenCuda(options);
                }
                catch (Exception e) when (e is CudaUnavailableException or CudaException or NvrtcException)
                {
                    string why = e is CudaUnavailableException u ? u.Problem : e.Message.ReplaceLineEndings(" ");
                    options.Log?.Invoke($"device: cpu (CUDA not used: {why})");
                    return new CpuBackend(options.Threads);
                }
        }
    }

    static CudaBackend OpenCuda(RuntimeOptions options)
    {
        var backend = CudaBackend.Open(options.Threads, options.NvrtcPath, options.Log);
        options.Log?.Invoke($"device: cuda {backend.Device} kernels {backend.Kernels.Architecture}");
        return backend;
    }
}
