using LongDoc.Runtime.Backends.Cuda.Compile;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// The embedded kernels for one device: a kernel file is compiled (or read from the cache) and loaded the first
/// time one of its entry points is asked for; <see cref="LoadAll"/> does every file at start-up.
/// Launchers call <c>kernels.Get("rmsnorm_f32")</c> once and keep the <see cref="CudaFunction"/>.
/// </summary>
public sealed class CudaKernels : IDisposable
{
    readonly CudaDevice _device;
    readonly KernelCompiler _compiler;
    readonly Dictionary<string, CudaModule> _modules = new(StringComparer.Ordinal);
    readonly Dictionary<string, CudaFunction> _functions = new(StringComparer.Ordinal);
    readonly Lock _gate = new();

    public CudaKernels(CudaDevice device, KernelCompiler compiler)
    {
        _device = device;
        _compiler = compiler;
        Architecture = KernelTarget.For(device.ComputeMajor, device.ComputeMinor, NvrtcCompiler.SupportedArchitectures());
    }

    /// <summary>"sm_90" (CUBIN) or "compute_XY" (PTX), see <see cref="KernelTarget"/>.</summary>
    public string Architecture { get; }

    public CudaFunction Get(string entryPoint)
    {
        lock (_gate)
        {
            if (_functions.TryGetValue(entryPoint, out var f)) return f;
            var source = KernelSources.Declaring(entryPoint)
                ?? throw new KeyNotFoundException($"no kernels/*.cu declares extern \"C\" __global__ void {entryPoint}(...)");
            f = Module(source).GetFunction(entryPoint);
            _functions[entryPoint] = f;
            return f;
        }
    }

    /// <summary>Compiles (or loads from the cache) and loads every kernel file; returns the builds for reporting.</summary>
    public IReadOnlyList<KernelBuild> LoadAll()
    {
        var builds = new List<KernelBuild>();
        lock (_gate)
            foreach (var source in KernelSources.All)
                if (!_modules.ContainsKey(source.FileName)) builds.Add(Load(source));
        return builds;
    }

    CudaModule Module(KernelSource source)
    {
        if (!_modules.ContainsKey(source.FileName)) Load(source);
        return _modules[source.FileName];
    }

    KernelBuild Load(KernelSource source)
    {
        var build = _compiler.Compile(source, Architecture);
        _modules[source.FileName] = new CudaModule(_device, build.Image, source.FileName);
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
