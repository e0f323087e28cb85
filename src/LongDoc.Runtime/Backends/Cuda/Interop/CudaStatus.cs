using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LongDoc.Runtime.Backends.Cuda.Interop;

/// <summary>Status checks for every driver and NVRTC call: the failing expression goes into the exception.</summary>
public static unsafe class CudaStatus
{
    public static void ThrowIfFailed(CuResult status, [CallerArgumentExpression(nameof(status))] string call = "")
    {
        if (status != CuResult.Success) throw new CudaException(status, call);
    }

    public static void ThrowIfFailed(NvrtcResult status, [CallerArgumentExpression(nameof(status))] string call = "")
    {
        if (status != NvrtcResult.Success) throw new NvrtcException(status, call);
    }

    /// <summary>"CUDA_ERROR_OUT_OF_MEMORY (out of memory)"; falls back to the number when the driver cannot name it.</summary>
    public static string Describe(CuResult status)
    {
        string? name = null, text = null;
        try
        {
            if (CuDriver.cuGetErrorName(status, out var n) == CuResult.Success && n != null) name = Marshal.PtrToStringUTF8((nint)n);
            if (CuDriver.cuGetErrorString(status, out var s) == CuResult.Success && s != null) text = Marshal.PtrToStringUTF8((nint)s);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        name ??= $"CUresult {(int)status} ({status})";
        return text == null ? name : $"{name} ({text})";
    }

    public static string Describe(NvrtcResult status)
    {
        string? text = null;
        try
        {
            var s = Nvrtc.nvrtcGetErrorString(status);
            if (s != null) text = Marshal.PtrToStringUTF8((nint)s);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        return text ?? $"nvrtcResult {(int)status} ({status})";
    }
}
