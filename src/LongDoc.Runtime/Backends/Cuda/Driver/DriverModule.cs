using System.Text;
using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Backends.Cuda.Interop;
using static LongDoc.Runtime.Backends.Cuda.Interop.CudaStatus;

namespace LongDoc.Runtime.Backends.Cuda.Driver;

/// <summary>A compiled kernel file loaded into a context. PTX is JIT-compiled by the driver here; its error log
/// (ptxas messages) goes into the exception when that fails.</summary>
public sealed unsafe class DriverModule : IDeviceModule
{
    const int LogBytes = 16 * 1024;
    readonly CudaModuleHandle _handle;
    readonly DriverDevice _device;

    public DriverModule(DriverDevice device, CompiledImage image, string fileName)
    {
        _device = device;
        FileName = fileName;
        device.MakeCurrent();
        _handle = new CudaModuleHandle(device.Context);
        var info = new byte[LogBytes];
        var error = new byte[LogBytes];
        // PTX must end in NUL for the driver; NVRTC's PTX already does, a cached one round-trips it.
        fixed (byte* img = image.Image)
        fixed (byte* pInfo = info)
        fixed (byte* pError = error)
        {
            var options = stackalloc CuJitOption[] { CuJitOption.InfoLogBuffer, CuJitOption.InfoLogBufferSizeBytes, CuJitOption.ErrorLogBuffer, CuJitOption.ErrorLogBufferSizeBytes };
            var values = stackalloc void*[] { pInfo, (void*)LogBytes, pError, (void*)LogBytes };
            var status = CuDriver.cuModuleLoadDataEx(out nint raw, img, 4, options, values);
            if (status != CuResult.Success)
                throw new CudaException(status, $"cuModuleLoadDataEx({fileName}, {(image.IsCubin ? "cubin" : "ptx")})", Text(error) + Text(info));
            _handle.Set(raw);
        }
    }

    public string FileName { get; }

    public IDeviceFunction GetFunction(string entryPoint)
    {
        _device.MakeCurrent();
        var name = Encoding.UTF8.GetBytes(entryPoint + "\0");
        nint function;
        fixed (byte* n = name)
        {
            var status = CuDriver.cuModuleGetFunction(out function, _handle.Raw, n);
            if (status != CuResult.Success) throw new CudaException(status, $"cuModuleGetFunction({FileName}, {entryPoint})");
        }
        return new DriverFunction(function, entryPoint);
    }

    static string Text(byte[] log)
    {
        int n = Array.IndexOf(log, (byte)0);
        return Encoding.UTF8.GetString(log, 0, n < 0 ? log.Length : n);
    }

    public void Dispose() => _handle.Dispose();
}

/// <summary>One <c>extern "C"</c> kernel of a loaded module, launched with cuLaunchKernel. Valid while its module is.</summary>
public sealed unsafe class DriverFunction(nint function, string name) : IDeviceFunction
{
    int _sharedOptIn = CudaFunction.DefaultSharedLimit;

    public int Attribute(CuFunctionAttribute attribute)
    {
        ThrowIfFailed(CuDriver.cuFuncGetAttribute(out int value, attribute, function));
        return value;
    }

    /// <summary>Above 48 KB of dynamic shared memory the function is opted in first (once per size increase), as Hopper
    /// and Ampere require.</summary>
    public void Launch(Dim3 grid, Dim3 block, int sharedBytes, IDeviceStream stream, ref KernelArgs args)
    {
        if (sharedBytes > _sharedOptIn)
        {
            var set = CuDriver.cuFuncSetAttribute(function, CuFunctionAttribute.MaxDynamicSharedSizeBytes, sharedBytes);
            if (set != CuResult.Success) throw new CudaException(set, $"cuFuncSetAttribute({name}, MaxDynamicSharedSizeBytes, {sharedBytes})");
            _sharedOptIn = sharedBytes;
        }
        int n = args.Count;
        // Copies of the slots on this stack frame: cuLaunchKernel reads them before it returns.
        ulong* values = stackalloc ulong[Math.Max(n, 1)];
        void** pointers = stackalloc void*[Math.Max(n, 1)];
        for (int i = 0; i < n; i++) { values[i] = args[i]; pointers[i] = values + i; }
        var status = CuDriver.cuLaunchKernel(function, grid.X, grid.Y, grid.Z, block.X, block.Y, block.Z, (uint)sharedBytes, ((DriverStream)stream).Raw, pointers, null);
        if (status != CuResult.Success)
            throw new CudaException(status, $"cuLaunchKernel({name}, grid {grid}, block {block}, shared {sharedBytes} B, {n} args)");
    }
}
