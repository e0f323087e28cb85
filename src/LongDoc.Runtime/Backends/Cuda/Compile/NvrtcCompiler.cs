using System.Runtime.InteropServices;
using System.Text;
using LongDoc.Runtime.Backends.Cuda.Interop;
using static LongDoc.Runtime.Backends.Cuda.Interop.CudaStatus;

namespace LongDoc.Runtime.Backends.Cuda.Compile;

/// <summary>What NVRTC produced: PTX text (for compute_XY, JIT-compiled by the driver at load) or a CUBIN
/// (for sm_XY, loaded as is).</summary>
public sealed record CompiledImage(byte[] Image, bool IsCubin, string Log);

/// <summary>One NVRTC compilation of one source. Thin: options in, image or <see cref="NvrtcException"/> (with the
/// log, which names the file and line) out.</summary>
public static unsafe class NvrtcCompiler
{
    /// <summary>NVRTC's version as "major.minor" (e.g. "11.8"); loads the library.</summary>
    public static string Version
    {
        get
        {
            NativeLibraries.EnsureNvrtc();
            ThrowIfFailed(Nvrtc.nvrtcVersion(out int major, out int minor));
            return $"{major}.{minor}";
        }
    }

    /// <summary>The sm_XY numbers NVRTC can emit CUBINs for (empty when this NVRTC cannot list them, before 11.2).</summary>
    public static IReadOnlyList<int> SupportedArchitectures()
    {
        if (!NativeLibraries.NvrtcHas("nvrtcGetSupportedArchs") || !NativeLibraries.NvrtcHas("nvrtcGetCUBIN")) return [];
        ThrowIfFailed(Nvrtc.nvrtcGetNumSupportedArchs(out int count));
        var archs = new int[count];
        fixed (int* p = archs) ThrowIfFailed(Nvrtc.nvrtcGetSupportedArchs(p));
        return archs;
    }

    /// <summary>Compiles <paramref name="source"/>; <paramref name="name"/> is the file name NVRTC puts in its log.
    /// <paramref name="architecture"/> is "compute_XY" (PTX) or "sm_XY" (CUBIN).</summary>
    public static CompiledImage Compile(string source, string name, string architecture, IReadOnlyList<string> extraOptions)
    {
        NativeLibraries.EnsureNvrtc();
        bool cubin = architecture.StartsWith("sm_", StringComparison.Ordinal);
        // No --use_fast_math: kernels are compared with the CPU to float tolerance, so expf and division stay exact.
        var options = new List<string> { $"--gpu-architecture={architecture}", "--std=c++17" };
        options.AddRange(extraOptions);

        using var program = Create(source, name);
        var strings = options.Select(o => Marshal.StringToCoTaskMemUTF8(o)).ToArray();
        NvrtcResult status;
        try
        {
            var ptrs = stackalloc byte*[strings.Length];
            for (int i = 0; i < strings.Length; i++) ptrs[i] = (byte*)strings[i];
            status = Nvrtc.nvrtcCompileProgram(program.Raw, strings.Length, ptrs);
        }
        finally
        {
            foreach (var s in strings) Marshal.FreeCoTaskMem(s);
        }
        string log = Log(program);
        if (status != NvrtcResult.Success)
            throw new NvrtcException(status, $"nvrtcCompileProgram({name}, {string.Join(' ', options)})", log);

        byte[] image;
        if (cubin)
        {
            ThrowIfFailed(Nvrtc.nvrtcGetCUBINSize(program.Raw, out nuint size));
            image = new byte[(int)size];
            fixed (byte* p = image) ThrowIfFailed(Nvrtc.nvrtcGetCUBIN(program.Raw, p));
        }
        else
        {
            ThrowIfFailed(Nvrtc.nvrtcGetPTXSize(program.Raw, out nuint size));   // includes the terminating NUL
            image = new byte[(int)size];
            fixed (byte* p = image) ThrowIfFailed(Nvrtc.nvrtcGetPTX(program.Raw, p));
        }
        return new CompiledImage(image, cubin, log);
    }

    static NvrtcProgramHandle Create(string source, string name)
    {
        var src = Encoding.UTF8.GetBytes(source + "\0");
        var nm = Encoding.UTF8.GetBytes(name + "\0");
        nint raw;
        fixed (byte* s = src)
        fixed (byte* n = nm)
            ThrowIfFailed(Nvrtc.nvrtcCreateProgram(out raw, s, n, 0, null, null));
        return new NvrtcProgramHandle(raw);
    }

    static string Log(NvrtcProgramHandle program)
    {
        ThrowIfFailed(Nvrtc.nvrtcGetProgramLogSize(program.Raw, out nuint size));
        if (size <= 1) return "";
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes) ThrowIfFailed(Nvrtc.nvrtcGetProgramLog(program.Raw, p));
        return Encoding.UTF8.GetString(bytes, 0, bytes.Length - 1);
    }
}
