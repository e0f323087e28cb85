using System.Runtime.InteropServices;

namespace LongDoc.Runtime.Backends.Cuda.Interop;

/// <summary>
/// The CUDA driver API entry points the runtime uses (libcuda.so.1). Raw handles are nint here and wrapped in a
/// SafeHandle by the one caller that creates them. The <c>_v2</c> names are the symbols cuda.h maps the plain
/// names to since CUDA 4/11 (64-bit sizes, per-thread-default-stream-free variants). Call
/// <see cref="NativeLibraries.EnsureCuda"/> before the first call.
/// </summary>
internal static unsafe partial class CuDriver
{
    const string Lib = NativeLibraries.CudaName;

    [LibraryImport(Lib)] internal static partial CuResult cuInit(uint flags);
    [LibraryImport(Lib)] internal static partial CuResult cuDriverGetVersion(out int version);
    [LibraryImport(Lib)] internal static partial CuResult cuGetErrorName(CuResult error, out byte* name);
    [LibraryImport(Lib)] internal static partial CuResult cuGetErrorString(CuResult error, out byte* text);

    [LibraryImport(Lib)] internal static partial CuResult cuDeviceGetCount(out int count);
    [LibraryImport(Lib)] internal static partial CuResult cuDeviceGet(out int device, int ordinal);
    [LibraryImport(Lib)] internal static partial CuResult cuDeviceGetName(byte* name, int length, int device);
    [LibraryImport(Lib)] internal static partial CuResult cuDeviceGetAttribute(out int value, CuDeviceAttribute attribute, int device);
    [LibraryImport(Lib)] internal static partial CuResult cuDeviceTotalMem_v2(out nuint bytes, int device);

    [LibraryImport(Lib)] internal static partial CuResult cuDevicePrimaryCtxRetain(out nint context, int device);
    [LibraryImport(Lib)] internal static partial CuResult cuDevicePrimaryCtxRelease_v2(int device);
    [LibraryImport(Lib)] internal static partial CuResult cuCtxSetCurrent(nint context);
    [LibraryImport(Lib)] internal static partial CuResult cuCtxSynchronize();
    [LibraryImport(Lib)] internal static partial CuResult cuMemGetInfo_v2(out nuint free, out nuint total);

    [LibraryImport(Lib)] internal static partial CuResult cuModuleLoadDataEx(out nint module, byte* image, uint numOptions, CuJitOption* options, void** optionValues);
    [LibraryImport(Lib)] internal static partial CuResult cuModuleGetFunction(out nint function, nint module, byte* name);
    [LibraryImport(Lib)] internal static partial CuResult cuModuleUnload(nint module);
    [LibraryImport(Lib)] internal static partial CuResult cuFuncSetAttribute(nint function, CuFunctionAttribute attribute, int value);
    [LibraryImport(Lib)] internal static partial CuResult cuFuncGetAttribute(out int value, CuFunctionAttribute attribute, nint function);

    [LibraryImport(Lib)]
    internal static partial CuResult cuLaunchKernel(nint function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
                                                    uint sharedMemBytes, nint stream, void** kernelParams, void** extra);

    [LibraryImport(Lib)] internal static partial CuResult cuMemAlloc_v2(out ulong pointer, nuint bytes);
    [LibraryImport(Lib)] internal static partial CuResult cuMemFree_v2(ulong pointer);
    [LibraryImport(Lib)] internal static partial CuResult cuMemcpyHtoD_v2(ulong dst, void* src, nuint bytes);
    [LibraryImport(Lib)] internal static partial CuResult cuMemcpyDtoH_v2(void* dst, ulong src, nuint bytes);
    [LibraryImport(Lib)] internal static partial CuResult cuMemcpyDtoD_v2(ulong dst, ulong src, nuint bytes);
    [LibraryImport(Lib)] internal static partial CuResult cuMemcpyHtoDAsync_v2(ulong dst, void* src, nuint bytes, nint stream);
    [LibraryImport(Lib)] internal static partial CuResult cuMemcpyDtoHAsync_v2(void* dst, ulong src, nuint bytes, nint stream);
    [LibraryImport(Lib)] internal static partial CuResult cuMemcpyDtoDAsync_v2(ulong dst, ulong src, nuint bytes, nint stream);
    [LibraryImport(Lib)] internal static partial CuResult cuMemsetD8_v2(ulong dst, byte value, nuint count);
    [LibraryImport(Lib)] internal static partial CuResult cuMemsetD32_v2(ulong dst, uint value, nuint count);
    [LibraryImport(Lib)] internal static partial CuResult cuMemsetD32Async(ulong dst, uint value, nuint count, nint stream);

    [LibraryImport(Lib)] internal static partial CuResult cuStreamCreate(out nint stream, uint flags);
    [LibraryImport(Lib)] internal static partial CuResult cuStreamSynchronize(nint stream);
    [LibraryImport(Lib)] internal static partial CuResult cuStreamDestroy_v2(nint stream);

    [LibraryImport(Lib)] internal static partial CuResult cuEventCreate(out nint ev, uint flags);
    [LibraryImport(Lib)] internal static partial CuResult cuEventRecord(nint ev, nint stream);
    [LibraryImport(Lib)] internal static partial CuResult cuEventSynchronize(nint ev);
    [LibraryImport(Lib)] internal static partial CuResult cuEventElapsedTime(out float milliseconds, nint start, nint end);
    [LibraryImport(Lib)] internal static partial CuResult cuEventDestroy_v2(nint ev);
}
