using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Backends.Cuda.Interop;
using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Backends.Cuda.Ops;
using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// The CUDA implementation of <see cref="IBackend"/>. Weights go to device memory once, in <see cref="Prepare"/>.
/// <see cref="IBackend"/> hands activations over as host spans, so each device op stages its inputs into
/// <see cref="DeviceScratch{T}"/>, launches, and copies the result back (copies are synchronous and ordered
/// after the launch on the blocking stream). MatMul and Attention pick a kernel or the CPU per call from
/// <see cref="CudaRouting"/> (weight type and batch; cache type and head widths); StoreKv writes the host cache
/// (the CPU path and the prompt cache read it) and mirrors it into a device copy that attention reads.
/// <see cref="DeviceOps"/> and <see cref="CpuOps"/> say which op runs where.
/// </summary>
public sealed partial class CudaBackend : IBackend
{
    readonly CpuBackend _cpu;
    readonly DeviceWeights _weights;
    readonly DeviceScratch<float> _a, _b;
    readonly DeviceScratch<int> _ids;
    readonly DeviceScratch<int> _token;    // (1) the sampled token
    readonly VectorLauncher _vector;
    readonly RowLauncher _rows;
    readonly DeviceScratch<float> _c;
    readonly DeviceAttention _attention;

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
        _token = new DeviceScratch<int>(device);
        _vector = new VectorLauncher(device, kernels);
        _rows = new RowLauncher(kernels);
        _c = new DeviceScratch<float>(device);
        _attention = new DeviceAttention(device, kernels);
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

    /// <summary>The backend on the simulated device (<c>--device cuda-sim</c>): the same ops, routing, buffers and launches,
    /// with every launch running the kernel's C# reference in host memory (Backends/Cuda/Simulated). Needs no GPU,
    /// driver or NVRTC. <paramref name="memoryBytes"/>: the device's size (<see cref="Simulated.SimulatedMemorySize"/>).</summary>
    public static CudaBackend OpenSimulated(int threads = 0, long memoryBytes = Simulated.SimulatedMemorySize.DefaultBytes)
    {
        var device = CudaDevice.Simulated(memoryBytes);
        try
        {
            var kernels = new CudaKernels(device, compiler: null);
            kernels.LoadAll();
            return new CudaBackend(device, kernels, threads);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>Ops that run on the device. MatMul: bf16, f16 and the quantized types of kernels/quant_blocks.cuh (GEMV up
    /// to 8 tokens, GEMM above), F32 weights, and matrices never prepared, on the CPU
    /// (<see cref="CudaRouting.MatMulOnDevice"/>). Attention: F16 caches, decode widths multiples of 64 up to 640, prefill
    /// head widths (64, 64), (128, 128), (192, 128); otherwise the CPU. GetRows: the embedding types RowLauncher decodes.
    /// TryExperts (<see cref="IExpertBackend"/>): a MoE layer's routed experts as one grouped call for expert tensors of
    /// those types (<see cref="CudaRouting.ExpertsOnDevice"/>); declined otherwise, and Layers/Experts.cs then runs
    /// one MatMul per expert, each routed as above. SparseAttention (<see cref="ISparseAttention"/>): on the device for
    /// F16 caches (decode widths multiples of 64 up to 640; prefill head widths of the prefill kernel and blocks of a
    /// multiple of 64), otherwise the CPU op; <see cref="CudaRouting.SparseOnCpu"/> lists each reason. Rope (frequency
    /// factors and YaRN included), Route and Sample: the kernel unless a row of <see cref="CudaRouting.RopeOnCpu"/>,
    /// <see cref="CudaRouting.RouteOnCpu"/> or <see cref="CudaRouting.SampleOnCpu"/> applies; Argmax: argmax.cu. TrySelect
    /// and TryGatheredAttention (<see cref="IDsaAttention"/>): DeepSeek Sparse Attention's indexer scores, top-k and MLA
    /// over the selected positions for F16 caches; declined otherwise (<see cref="CudaRouting.DsaSelectOnCpu"/>,
    /// <see cref="CudaRouting.DsaAttentionOnCpu"/>), and the layer computes on the host.</summary>
    public static readonly IReadOnlyList<string> DeviceOps =
        [nameof(MatMul), nameof(MatMulPerToken), nameof(GetRows), nameof(RmsNorm), nameof(Rope), nameof(Route), nameof(Argmax), nameof(Sample), nameof(Attention), nameof(Softmax), nameof(SiluMul), nameof(Add), nameof(AddScaled), nameof(TryExperts), nameof(SparseAttention),
         nameof(TrySelect), nameof(TryGatheredAttention)];

    /// <summary>Ops with a CPU part: StoreKv always (it writes the host cache, then mirrors it to the device); MatMul,
    /// GetRows, Rope (odd widths or above 2048), Route (beyond moe_route.cu's limits), Sample (more than 1024
    /// candidates), Attention and SparseAttention per call, where <see cref="DeviceOps"/> says no kernel fits; TrySelect
    /// and TryGatheredAttention decline such calls to the layer's host code.</summary>
    public static readonly IReadOnlyList<string> CpuOps =
        [nameof(WeightedRowSum), nameof(StoreKv), nameof(MatMul), nameof(GetRows), nameof(Rope), nameof(Route), nameof(Sample), nameof(Attention),
            nameof(SparseAttention), nameof(TrySelect), nameof(TryGatheredAttention)];

    public string Name => Device.IsSimulated ? "cuda-sim" : "cuda";
    public int Threads => _cpu.Threads;
    public CudaDevice Device { get; }
    public CudaKernels Kernels { get; }
    public CudaStream Stream { get; }
    public DeviceWeights Weights => _weights;
    /// <summary>The CPU backend this one falls back to, which also runs the layers and experts placed in host RAM
    /// (<see cref="Placement.PlacementPlan"/>); disposed with this backend.</summary>
    public IBackend Host => _cpu;

    public void Prepare(in WeightMatrix w)
    {
        Device.MakeCurrent();
        _weights.Upload(w);
    }

    public void MatMul(in WeightMatrix w, ReadOnlySpan<float> x, Span<float> y, int tokens)
    {
        var path = CudaRouting.MatMul(w.Type, w.Cols, tokens);
        if (path == CudaPath.Cpu || !_weights.TryGet(w, out var dw))
        {
            _cpu.MatMul(w, x, y, tokens);
            return;
        }
        long inputs = (long)tokens * w.Cols, outputs = (long)tokens * w.Rows;
        if (x.Length < inputs || y.Length < outputs)
            throw new ArgumentException($"matmul: {tokens} tokens of {w.Cols} -> {w.Rows} need {inputs} inputs and {outputs} outputs; got {x.Length} and {y.Length}");
        Device.MakeCurrent();
        var dx = _a.Upload(x[..(int)inputs]);
        var dy = _b.Get(outputs);
        if (path == CudaPath.Gemv) GemvLauncher.Run(Kernels, Stream, tokens, w.Cols, w.Rows, w.Type, dx.Pointer, dw, dy.Pointer, accumulate: false);
        else GemmLauncher.Run(Kernels, Stream, tokens, w.Cols, w.Rows, w.Type, dx.Pointer, dw, dy.Pointer, accumulate: false);
        dy.Download(y[..(int)outputs]);
    }

    /// <summary>One device (or CPU, per <see cref="CudaRouting"/>) matmul per token: the matrices are small (one head each).</summary>
    public void MatMulPerToken(ReadOnlySpan<WeightMatrix> w, ReadOnlySpan<float> x, Span<float> y)
    {
        for (int t = 0; t < w.Length; t++)
            MatMul(w[t], x.Slice(t * w[t].Cols, w[t].Cols), y.Slice(t * w[t].Rows, w[t].Rows), 1);
    }

    /// <summary>On the CPU: the rows are the host KV cache, read where they lie.</summary>
    public void WeightedRowSum(in WeightMatrix rows, ReadOnlySpan<float> a, int groups, int width, Span<float> y) =>
        _cpu.WeightedRowSum(rows, a, groups, width, y);

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

    public void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> y, float eps)
    {
        int width = weight.Length, rows = width == 0 ? 0 : x.Length / width;
        if (rows == 0) return;
        int n = rows * width;
        if (y.Length < n) throw new ArgumentException($"rmsnorm: {rows} rows of {width} need {n} outputs; got {y.Length}");
        Device.MakeCurrent();
        var dx = _a.Upload(x[..n]);
        var dw = _c.Upload(weight);
        RmsNormLauncher.Run(Kernels, Stream, rows, width, dx.Pointer, dw.Pointer, dx.Pointer, eps);
        dx.Download(y[..n]);
    }

    public void Rope(Span<float> x, int tokens, int heads, int stride, int offset, int start, RopeParams rope)
    {
        if (tokens < 1 || heads < 1) return;
        if (CudaRouting.CpuReason(CudaRouting.RopeOnCpu, rope) is not null)
        {
            _cpu.Rope(x, tokens, heads, stride, offset, start, rope);
            return;
        }
        int n = tokens * heads * stride;
        if (x.Length < n) throw new ArgumentException($"rope: {tokens} tokens x {heads} rows of {stride} need {n} floats; got {x.Length}");
        Device.MakeCurrent();
        var dx = _a.Upload(x[..n]);
        var factors = rope.FreqFactors is null ? DevicePointer.Null : _c.Upload(rope.FreqFactors).Pointer;
        RopeLauncher.Run(Kernels, Stream, tokens, heads, stride, offset, start, rope, dx.Pointer, factors);
        dx.Download(x[..n]);
    }

    /// <summary>moe_route.cu where <see cref="CudaRouting.RouteOnCpu"/> lets it; the device does not measure the margin (+inf).</summary>
    public float Route(Span<float> logits, int tokens, int experts, RouterOptions options, ReadOnlySpan<float> bias, Span<int> ids, Span<float> weights)
    {
        if (tokens < 1) return float.PositiveInfinity;
        if (CudaRouting.CpuReason(CudaRouting.RouteOnCpu, new RouteCall(experts, options)) is not null)
            return _cpu.Route(logits, tokens, experts, options, bias, ids, weights);
        int n = tokens * options.Active;
        if (logits.Length < tokens * experts || ids.Length < n || weights.Length < n || (!bias.IsEmpty && bias.Length != experts))
            throw new ArgumentException($"route: {tokens} tokens choosing {options.Active} of {experts} experts from {logits.Length} logits into {ids.Length} ids");
        Device.MakeCurrent();
        var dl = _a.Upload(logits[..(tokens * experts)]);
        var db = bias.IsEmpty ? DevicePointer.Null : _c.Upload(bias).Pointer;
        var dw = _b.Get(n);
        var di = _ids.Get(n);
        MoeRouteLauncher.Run(Kernels, Stream, tokens, experts, options, dl.Pointer, db, di.Pointer, dw.Pointer);
        di.Download(ids[..n]);
        dw.Download(weights[..n]);
        return float.PositiveInfinity;
    }

    public int Argmax(ReadOnlySpan<float> logits)
    {
        if (logits.IsEmpty) throw new ArgumentException("argmax of no logits");
        Device.MakeCurrent();
        var dx = _a.Upload(logits);
        var di = _token.Get(1);
        _rows.Argmax(Stream, dx.Pointer, 1, logits.Length, di.Pointer);
        Span<int> id = stackalloc int[1];
        di.Download(id);
        return id[0];
    }

    /// <summary>sample.cu where <see cref="CudaRouting.SampleOnCpu"/> lets it. The logits are left unpenalized on the
    /// host (the op's scratch either way).</summary>
    public int Sample(Span<float> logits, ReadOnlySpan<int> recent, SamplingOptions options, double u)
    {
        if (CudaRouting.CpuReason(CudaRouting.SampleOnCpu, new SampleCall(logits.Length, options)) is not null)
            return _cpu.Sample(logits, recent, options, u);
        Device.MakeCurrent();
        var dx = _a.Upload(logits);
        var history = recent.IsEmpty ? DevicePointer.Null : _ids.Upload(recent).Pointer;
        var di = _token.Get(1);
        SampleLauncher.Run(Kernels, Stream, logits.Length, dx.Pointer, history, recent.Length, options.RepetitionPenalty, options.TopK,
            options.TopP, options.MinP, options.Temperature, u, di.Pointer);
        Span<int> id = stackalloc int[1];
        di.Download(id);
        return id[0];
    }

    public void StoreKv(KvCache cache, int layer, int start, int tokens, ReadOnlySpan<float> k, ReadOnlySpan<float> v)
    {
        _cpu.StoreKv(cache, layer, start, tokens, k, v);
        if (!CudaRouting.CacheOnDevice.ContainsKey(cache.Type)) return;
        Device.MakeCurrent();
        _attention.Stored(cache, layer, start, tokens);
    }

    public void Attention(ReadOnlySpan<float> q, KvCache cache, int layer, int start, int tokens, int heads, Span<float> o)
    {
        var path = CudaRouting.Attention(cache.Type, tokens, heads, cache.KvHeads, cache.KeyLength, cache.ValueLength);
        if (path == CudaPath.Cpu)
        {
            _cpu.Attention(q, cache, layer, start, tokens, heads, o);
            return;
        }
        Device.MakeCurrent();
        _attention.Run(Stream, path, q, cache, layer, start, tokens, heads, o);
    }

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
        _attention.Dispose();
        _dsa?.Dispose();
        _a.Dispose();
        _b.Dispose();
        _c.Dispose();
        _ids.Dispose();
        _token.Dispose();
        _weights.Dispose();
        Kernels.Dispose();
        Stream.Dispose();
        _cpu.Dispose();
        Device.Dispose();
    }
}
