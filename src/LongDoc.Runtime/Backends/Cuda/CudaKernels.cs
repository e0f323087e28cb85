using LongDoc.Runtime.Backends.Cuda.Compile;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// The embedded kernels for one device: a kernel file is compiled (or read from the cache) and loaded the first
/// time one of its entry points is asked for; <see cref="LoadAll"/> does every file at start-up. On the simulated
/// device nothing is compiled: its module runs each entry point's C# reference.
/// Launchers call <c>kernels.Get("rmsnorm_f32")</c> once and keep the <see cref="CudaFunction"/>.
/// </summary>
public sealed class CudaKernels : IDisposable
{
    readonly CudaDevice _device;
    readonly KernelCompiler? _compiler;
    readonly Dictionary<string, IDeviceModule> _modules = new(StringComparer.Ordinal);
    readonly Dictionary<string, CudaFunction> _functions = new(StringComparer.Ordinal);
    readonly Lock _gate = new();

    /// <summary>Kernels of <paramref name="device"/>; <paramref name="compiler"/> may be null on the simulated device.</summary>
    public CudaKernels(CudaDevice device, KernelCompiler? compiler)
    {
        _device = device;
        _compiler = compiler;
        Architecture = device.Layer.KernelArchitecture();
    }

    /// <summary>"sm_90" (CUBIN) or "compute_XY" (PTX), see <see cref="KernelTarget"/>; "simulated" on the simulated device.</summary>
    public string Architecture { get; }

    public CudaFunction Get(string entryPoint)
    {
        lock (_gate)
        {
            if (_functions.TryGetValue(entryPoint, out var f)) return f;
            var source = KernelSources.Declaring(entryPoint)
                ?? throw new KeyNotFoundException($"no kernels/*.cu declares extern \"C\" __global__ void {entryPoint}(...)");
            f = new CudaFunction(Module(source).GetFunction(entryPoint), entryPoint, source.FileName);
            _functions[entryPoint] = f;
            return f;
        }
    }

    /// <summary>Compiles (or loads from the cache) and loads every kernel file; returns the builds for reporting (none
    /// on the simulated device).</summary>
    public IReadOnlyList<KernelBuild> LoadAll()
    {
        var builds = new List<KernelBuild>();
        lock (_gate)
            foreach (var source in KernelSources.All)
                if (!_modules.ContainsKey(source.FileName) && Load(source) is { } build) builds.Add(build);
        return builds;
    }

    IDeviceModule Module(KernelSource source)
    {
        if (!_modules.ContainsKey(source.FileName)) Load(source);
        return _modules[source.FileName];
    }

    KernelBuild? Load(KernelSource source)
    {
        var (module, build) = _device.Layer.LoadModule(source, Architecture, _compiler);
        _modules[source.FileName] = module;
        return build;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var m in _modules.Values) m.Dispose();
            _modules.Clear();
            _functions.Clear();
        }
    }
}
