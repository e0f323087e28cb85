using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Backends.Cuda.Interop;
using LongDoc.Runtime.Backends.Cuda.Ops;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// The CUDA implementation of <see cref="IBackend"/>. Weights go to device memory once, in <see cref="Prepare"/>.
/// <see cref="IBackend"/> hands activations over as host spans, so each device op stages its inputs into
/// <see cref="DeviceScratch{T}"/>, launches, and copies the result back (copies are synchronous and ordered
/// after the launch on the blocking stream). Ops whose kernel has no launcher here yet run on the CPU backend
/// over the same spans; <see cref="DeviceOps"/> and <see cref="CpuOps"/> say which is which.
/// </summary>
public sealed class CudaBackend : IBackend
{
    readonly CpuBackend _cpu;
    readonly DeviceWeights _weights;
    readonly DeviceScratch<float> _a, _b;
    readonly DeviceScratch<int> _ids;
    readonly VectorLauncher _vector;
    readonly RowLauncher _rows;

    public CudaBackend(CudaDevice device, CudaKernels kernels, int threads = 0)
    {
        Device = device;
        Kernels = kernels;
        Stream = new CudaStream(device);
        _cpu = new CpuBackend(threads);
        _weights = new DeviceWeights(device);
        _a = new DeviceScratch<float>(device);
        _b = new DeviceScratch<float>(device);
        _ids = new DeviceScratch<int>(device);
        _vector = new VectorLauncher(device, kernels);
        _rows = new RowLauncher(kernels);
    }

    /// <summary>Opens device <paramref name="ordinal"/>, loads NVRTC (from <paramref name="nvrtcPath"/> when given) and
    /// compiles or loads every kernel (each compile logged through <paramref name="log"/>). Throws
    /// <see cref="CudaUnavailableException"/> when the driver, a device or NVRTC is missing.</summary>
    public static CudaBackend Open(int threads = 0, string? nvrtcPath = null, Action<string>? log = null, int ordinal = 0)
    {
        if (!string.IsNullOrEmpty(nvrtcPath)) NativeLibraries.ConfigureNvrtcPath(nvrtcPath);
        var device = CudaDevice.Open(ordinal);
        try
        {
            NativeLibraries.EnsureNvrtc();
            var kernels = new CudaKernels(device, new KernelCompiler(new KernelCache(KernelCache.DefaultDirectory()), log));
            kernels.LoadAll();
            return new CudaBackend(device, kernels, threads);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    public static readonly IReadOnlyList<string> DeviceOps = [nameof(GetRows), nameof(Softmax), nameof(SiluMul), nameof(Add), nameof(AddScaled)];
    public static readonly IReadOnlyList<string> CpuOps = [nameof(MatMul), nameof(RmsNorm), nameof(Rope), nameof(StoreKv), nameof(Attention)];

    public string Name => "cuda";
    public int Threads => _cpu.Threads;
    public CudaDevice Device { get; }
    public CudaKernels Kernels { get; }
    public CudaStream Stream { get; }
    public DeviceWeights Weights => _weights;

    public void Prepare(in WeightMatrix w)
    {
        Device.MakeCurrent();
        _weights.Upload(w);
    }

    public void MatMul(in WeightMatrix w, ReadOnlySpan<float> x, Span<float> y, int tokens) => _cpu.MatMul(w, x, y, tokens);

    public void GetRows(in WeightMatrix w, ReadOnlySpan<int> ids, Span<float> y)
    {
        if (ids.IsEmpty) return;
        if (!RowLauncher.SupportsEmbedding(w.Type) || !_weights.TryGet(w, out var table))
        {
            _cpu.GetRows(w, ids, y);
            return;
        }
        foreach (int id in ids)
            if ((uint)id >= (uint)w.Rows) throw new ArgumentOutOfRangeException(nameof(ids), $"token {id} outside the vocabulary of {w.Rows}");
        Device.MakeCurrent();
        var dIds = _ids.Upload(ids);
        var dy = _a.Get((long)ids.Length * w.Cols);
        _rows.Embedding(Stream, w.Type, table, w.Rows, w.Cols, dIds.Pointer, ids.Length, dy.Pointer);
        dy.Download(y[..(ids.Length * w.Cols)]);
    }

    public void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> y, float eps) => _cpu.RmsNorm(x, weight, y, eps);

    public void Rope(Span<float> x, int tokens, int heads, int headDim, int start, RopeStyle style, float freqBase) =>
        _cpu.Rope(x, tokens, heads, headDim, start, style, freqBase);

    public void StoreKv(KvCache cache, int layer, int start, int tokens, ReadOnlySpan<float> k, ReadOnlySpan<float> v) =>
        _cpu.StoreKv(cache, layer, start, tokens, k, v);

    public void Attention(ReadOnlySpan<float> q, KvCache cache, int layer, int start, int tokens, int heads, Span<float> o) =>
        _cpu.Attention(q, cache, layer, start, tokens, heads, o);

    public void Softmax(Span<float> x, int rowLength)
    {
        if (x.Length < rowLength || rowLength <= 0) return;
        Device.MakeCurrent();
        var dx = _a.Upload(x);
        _rows.Softmax(Stream, dx.Pointer, x.Length / rowLength, rowLength);
        dx.Download(x);
    }

    public void SiluMul(Span<float> gate, ReadOnlySpan<float> up)
    {
        if (gate.IsEmpty) return;
        var (a, b) = Stage(gate, up);
        _vector.SiluMul(Stream, a.Pointer, b.Pointer, gate.Length);
        a.Download(gate);
    }

    public void Add(Span<float> x, ReadOnlySpan<float> y)
    {
        if (x.IsEmpty) return;
        var (a, b) = Stage(x, y);
        _vector.Add(Stream, a.Pointer, b.Pointer, x.Length);
        a.Download(x);
    }

    public void AddScaled(Span<float> y, ReadOnlySpan<float> x, float scale)
    {
        if (y.IsEmpty) return;
        var (a, b) = Stage(y, x);
        _vector.AddScaled(Stream, a.Pointer, b.Pointer, scale, y.Length);
        a.Download(y);
    }

    /// <summary>Both operands of an in-place binary op on the device: (inout, other[..inout.Length]).</summary>
    (DeviceBuffer<float> InOut, DeviceBuffer<float> Other) Stage(ReadOnlySpan<float> inout, ReadOnlySpan<float> other)
    {
        if (other.Length < inout.Length) throw new ArgumentException($"second operand holds {other.Length} floats, {inout.Length} needed");
        Device.MakeCurrent();
        return (_a.Upload(inout), _b.Upload(other[..inout.Length]));
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        _ids.Dispose();
        _weights.Dispose();
        Kernels.Dispose();
        Stream.Dispose();
        _cpu.Dispose();
        Device.Dispose();
    }
}
