using System.Runtime.InteropServices;

namespace LongDoc.Runtime.Backends.Cuda.Interop;

/// <summary>
/// NVRTC entry points (libnvrtc.so.NN). nvrtcGetCUBIN(Size) exist from NVRTC 11.1 and nvrtcGetSupportedArchs
/// from 11.2: check <see cref="NativeLibraries.NvrtcHas"/> before calling them. Call
/// <see cref="NativeLibraries.EnsureNvrtc"/> before the first call.
/// </summary>
internal static unsafe partial class Nvrtc
{
    const string Lib = NativeLibraries.NvrtcName;

    [LibraryImport(Lib)] internal static partial NvrtcResult nvrtcVersion(out int major, out int minor);
    [LibraryImport(Lib)] internal static partial byte* nvrtcGetErrorString(NvrtcResult result);
    [LibraryImport(Lib)] internal static partial NvrtcResult nvrtcGetNumSupportedArchs(out int count);
    [LibraryImport(Lib)] internal static partial NvrtcResult nvrtcGetSupportedArchs(int* archs);

    [LibraryImport(Lib)]
    internal static partial NvrtcResult nvrtcCreateProgram(out nint program, byte* source, byte* name, int numHeaders, byte** headers, byte** includeNames);
    [LibraryImport(Lib)] internal static partial NvrtcResult nvrtcCompileProgram(nint program, int numOptions, byte** options);
    [LibraryImport(Lib)] internal static partial NvrtcResult nvrtcDestroyProgram(ref nint program);

    [LibraryImport(Lib)] internal static partial NvrtcResult nvrtcGetProgramLogSize(nint program, out nuint size);
    [LibraryImport(Lib)] internal static partial NvrtcResult nvrtcGetProgramLog(nint program, byte* log);
    [LibraryImport(Lib)] internal static partial NvrtcResult nvrtcGetPTXSize(nint program, out nuint size);
    [LibraryImport(Lib)] internal static partial NvrtcResult nvrtcGetPTX(nint program, byte* ptx);
    [LibraryImport(Lib)] internal static partial NvrtcResult nvrtcGetCUBINSize(nint program, out nuint size);
    [LibraryImport(Lib)] internal static partial NvrtcResult nvrtcGetCUBIN(nint program, byte* cubin);
}
