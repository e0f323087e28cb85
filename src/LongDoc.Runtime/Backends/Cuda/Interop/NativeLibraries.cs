using System.Reflection;
using System.Runtime.InteropServices;

namespace LongDoc.Runtime.Backends.Cuda.Interop;

/// <summary>
/// Finds libcuda and libnvrtc at run time. The <c>[LibraryImport]</c> declarations name the logical libraries
/// <see cref="CudaName"/> and <see cref="NvrtcName"/>; the resolver registered here maps them to the handles
/// probed below, so nothing is loaded until a CUDA entry point is first used and a machine without a GPU
/// never touches them.
/// </summary>
public static class NativeLibraries
{
    public const string CudaName = "longdoc-cuda";
    public const string NvrtcName = "longdoc-nvrtc";

    /// <summary>Environment variable naming libnvrtc's full path, tried before the standard names.</summary>
    public const string NvrtcPathVariable = "LONGDOC_NVRTC";

    /// <summary>Sonames tried in order: newest NVRTC first (CUDA 13, 12), then CUDA 11.2-11.8's soname (Debian's
    /// libnvrtc11.2 package ships NVRTC 11.8 under it), then the unversioned development link.</summary>
    public static readonly string[] NvrtcSonames = ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so"];
    public static readonly string[] CudaSonames = ["libcuda.so.1", "libcuda.so"];

    static readonly Lock Gate = new();
    static bool _registered;
    static nint _cuda, _nvrtc;
    static string? _cudaError, _nvrtcError;
    static string? _configuredNvrtc;

    /// <summary>A path to libnvrtc from configuration; tried first. Must be set before NVRTC is first used.</summary>
    public static void ConfigureNvrtcPath(string? path)
    {
        lock (Gate)
        {
            if (_nvrtc != 0 && path != _configuredNvrtc) throw new InvalidOperationException($"NVRTC is already loaded from '{NvrtcPath}'; configure its path before first use");
            _configuredNvrtc = path;
            _nvrtcError = null;
        }
    }

    /// <summary>Where NVRTC was loaded from, once it was.</summary>
    public static string? NvrtcPath { get; private set; }

    /// <summary>Loads libcuda or throws <see cref="CudaUnavailableException"/> listing what was tried and why it may have failed.</summary>
    public static void EnsureCuda()
    {
        lock (Gate)
        {
            Register();
            if (_cuda != 0) return;
            if (_cudaError == null)
            {
                (_cuda, _, _cudaError) = Probe(CudaSonames);
                if (_cuda != 0) return;
            }
            throw new CudaUnavailableException(
                $"the CUDA driver library could not be loaded: tried {string.Join(", ", CudaSonames)}; {_cudaError}",
                [
                    "no NVIDIA driver is installed on this machine (libcuda.so.1 ships with the driver, not with the CUDA toolkit)",
                    "the process runs in a container started without GPU access (docker: --gpus all with the NVIDIA container toolkit)",
                    "the driver is installed outside the loader's search path (add its folder to LD_LIBRARY_PATH)",
                    "use --device cpu to run on the CPU",
                ]);
        }
    }

    /// <summary>Loads libnvrtc or throws <see cref="CudaUnavailableException"/> listing what was tried and how to install it.</summary>
    public static void EnsureNvrtc()
    {
        lock (Gate)
        {
            Register();
            if (_nvrtc != 0) return;
            var candidates = NvrtcCandidates();
            if (_nvrtcError == null)
            {
                (_nvrtc, NvrtcPath, _nvrtcError) = Probe(candidates);
                if (_nvrtc != 0) return;
            }
            throw new CudaUnavailableException(
                $"NVRTC (CUDA's runtime compiler) could not be loaded: tried {string.Join(", ", candidates)}; {_nvrtcError}",
                [
                    "NVRTC is not installed: Debian/Ubuntu: enable the non-free (Debian) or multiverse (Ubuntu) component and `apt-get install libnvrtc11.2 libnvrtc-builtins11.8`, or install the CUDA toolkit's cuda-nvrtc package (CUDA 12 or 13)",
                    $"NVRTC is installed in a folder the loader does not search: set {NvrtcPathVariable}=/full/path/to/libnvrtc.so.NN or add the folder to LD_LIBRARY_PATH",
                    $"the configured path is wrong: {(_configuredNvrtc ?? Environment.GetEnvironmentVariable(NvrtcPathVariable) ?? "(none configured)")}",
                    "libnvrtc-builtins (a separate package on Debian) is missing: NVRTC loads but every compile fails",
                ]);
        }
    }

    static string[] NvrtcCandidates()
    {
        var list = new List<string>();
        if (!string.IsNullOrEmpty(_configuredNvrtc)) list.Add(_configuredNvrtc);
        var env = Environment.GetEnvironmentVariable(NvrtcPathVariable);
        if (!string.IsNullOrEmpty(env)) list.Add(env);
        list.AddRange(NvrtcSonames);
        return [.. list];
    }

    /// <summary>The first of <paramref name="names"/> the loader opens. .NET does not pass dlerror's text on (its
    /// message is a generic hint), so a miss is reported by name only.</summary>
    static (nint Handle, string? Path, string? Error) Probe(IEnumerable<string> names)
    {
        foreach (var name in names)
            if (NativeLibrary.TryLoad(name, out nint handle)) return (handle, name, null);
        return (0, null, "none could be opened by the dynamic loader (not installed, or not on its search path)");
    }

    /// <summary>True when the loaded NVRTC exports <paramref name="symbol"/> (nvrtcGetCUBIN needs 11.1+).</summary>
    internal static bool NvrtcHas(string symbol)
    {
        EnsureNvrtc();
        return NativeLibrary.TryGetExport(_nvrtc, symbol, out _);
    }

    static void Register()
    {
        if (_registered) return;
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
        _registered = true;
    }

    static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path) => name switch
    {
        CudaName => _cuda,
        NvrtcName => _nvrtc,
        _ => 0,
    };
}
