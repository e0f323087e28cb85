using System.Text;
using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Backends.Cuda.Interop;
using static LongDoc.Runtime.Backends.Cuda.Interop.CudaStatus;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>A compiled kernel file loaded into a context. PTX is JIT-compiled by the driver here; its error log
/// (ptxas messages) goes into the exception when that fails.</summary>
public sealed unsafe class CudaModule : IDisposable
{
    const int LogBytes = 16 * 1024;
    readonly CudaModuleHandle _handle;
    readonly CudaDevice _device;

    public CudaModule(CudaDevice device, CompiledImage image, string fileName)
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

    public CudaFunction GetFunction(string entryPoint)
    {
        _device.MakeCurrent();
        var name = Encoding.UTF8.GetBytes(entryPoint + "\0");
        nint function;
        fixed (byte* n = name)
        {
            var status = CuDriver.cuModuleGetFunction(out function, _handle.Raw, n);
            if (status != CuResult.Success) throw new CudaException(status, $"cuModuleGetFunction({FileName}, {entryPoint})");
        }
        return new CudaFunction(this, function, entryPoint);
    }

    static string Text(byte[] log)
    {
        int n = Array.IndexOf(log, (byte)0);
        return Encoding.UTF8.GetString(log, 0, n < 0 ? log.Length : n);
    }

    public void Dispose() => _handle.Dispose();
}
