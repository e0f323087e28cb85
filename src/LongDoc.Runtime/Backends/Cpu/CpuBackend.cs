using System.Numerics.Tensors;
using LongDoc.Runtime.Backends.Cpu.Quant;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// The CPU implementation of <see cref="IBackend"/>: SIMD kernels (Vector512/256/128 with scalar references),
/// matmul and attention spread over a persistent pool of all cores (or <c>threads</c>). Scratch buffers only grow,
/// so after the first batch of a given size nothing is allocated.
/// </summary>
public sealed unsafe partial class CpuBackend : IBackend, ISparseAttention
{
    readonly WorkerPool _pool;
    readonly MatMulJob _matmul = new();
    readonly AttentionJob _attention = new();
    readonly SparseSelectionJob _sparseSelect = new();
    readonly SparseAttentionJob _sparseAttend = new();
    readonly TiledAttentionJob _tiled = new();
    int[] _selected = [];    // (QB, Hkv, N) selected key blocks per query block and KV group
    int[] _selectedCount = []; // (QB, Hkv)
    float[] _mass = [];      // (T*H) dense attention mass captured (--explain-attention)
    float[] _rounded = [];   // (T, Cols) activations rounded to f16/bf16 precision
    sbyte[] _q8 = [];        // (T, Cols) Q8_0 activations
    float[] _q8Scales = [];  // (T, Cols/32), or (T, 2 Cols/32) for Q8_1
    byte[] _q8k = [];        // (T, Cols/256 x 292 bytes) Q8_K activations

    public CpuBackend(int threads = 0)
    {
        _pool = new WorkerPool(threads > 0 ? threads : Environment.ProcessorCount);
    }

    public string Name => "cpu";
    public int Threads => _pool.Threads;

    public void Prepare(in WeightMatrix w)
    {
        // One read per page is enough for the kernel to map it (and its fault-around neighbours).
        int sum = 0;
        for (long offset = 0; offset < w.ByteCount; offset += PageBytes) sum += w.Data[offset];
        Volatile.Write(ref _pageSink, sum);
    }

    const int PageBytes = 4096;
    int _pageSink;

    public void MatMul(in WeightMatrix w, ReadOnlySpan<float> x, Span<float> y, int tokens) => MatMul(w, null, x, y, tokens);

    public void MatMulPerToken(ReadOnlySpan<WeightMatrix> w, ReadOnlySpan<float> x, Span<float> y)
    {
        if (w.IsEmpty) return;
        foreach (var m in w)
            if (m.Type != w[0].Type || m.Rows != w[0].Rows || m.Cols != w[0].Cols)
                throw new ArgumentException($"matmul per token: every matrix must be {w[0].Type} ({w[0].Rows},{w[0].Cols}); one is {m.Type} ({m.Rows},{m.Cols})");
        if (_perToken.Length < w.Length) _perToken = new WeightMatrix[w.Length];
        w.CopyTo(_perToken);
        try { MatMul(w[0], _perToken, x, y, w.Length); }
        finally { Array.Clear(_perToken); }
    }

    WeightMatrix[] _perToken = [];

    public void WeightedRowSum(in WeightMatrix rows, ReadOnlySpan<float> a, int groups, int width, Span<float> y)
    {
        if (rows.Type is not (GgmlType.F32 or GgmlType.F16)) throw new NotSupportedException($"weighted row sum: {rows.Type} rows are not supported (F32 or F16)");
        if (width > rows.Cols || a.Length < groups * rows.Rows || y.Length < groups * width)
            throw new ArgumentException($"weighted row sum: a ({groups},{rows.Rows}) and y ({groups},{width}) over rows ({rows.Rows},{rows.Cols})");
        fixed (float* pa = a)
        fixed (float* py = y)
        {
            _rowSum.Rows = rows; _rowSum.A = pa; _rowSum.Y = py; _rowSum.Groups = groups; _rowSum.Width = width;
            _pool.Run(_rowSum, _rowSum.Chunks);
        }
    }

    readonly WeightedRowSumJob _rowSum = new();

    void MatMul(in WeightMatrix w, WeightMatrix[]? perToken, ReadOnlySpan<float> x, Span<float> y, int tokens)
    {
        long n = (long)tokens * w.Cols;
        if (x.Length < n) throw new ArgumentException($"matmul: x holds {x.Length} floats, ({tokens},{w.Cols}) needed");
        if (y.Length < (long)tokens * w.Rows) throw new ArgumentException($"matmul: y holds {y.Length} floats, ({tokens},{w.Rows}) needed");
        fixed (float* px = x)
        fixed (float* py = y)
        {
            _matmul.W = w;
            _matmul.PerToken = perToken;
            _matmul.Y = py;
            _matmul.Tokens = tokens;
            _matmul.X = px;
            // Quantized weights: activations quantized once here to the type's format, integer dots per row.
            bool quantized = QuantDots.TryGet(w.Type, out var quant);
            _matmul.Quant = quant;
            if (quantized && quant.Format == ActivationFormat.Q8_K) QuantizeQ8_KInto(px, tokens, w.Cols);
            else if (quantized) QuantizeInto(px, (int)n, quant.Format);
            else if (w.Type == GgmlType.F16) RoundInto(px, (int)n, ActivationRounding.F16Bits);
            else if (w.Type == GgmlType.BF16) RoundInto(px, (int)n, ActivationRounding.Bf16Bits);
            else if (w.Type != GgmlType.F32) throw new NotSupportedException($"CPU backend: matmul with {w.Type} weights is not supported");
            fixed (float* pr = _rounded)
            fixed (sbyte* pq = _q8)
            fixed (float* pd = _q8Scales)
            fixed (byte* pk = _q8k)
            {
                if (w.Type is GgmlType.F16 or GgmlType.BF16) _matmul.X = pr;
                _matmul.Xq = pq;
                _matmul.Xd = pd;
                _matmul.Xk = pk;
                _pool.Run(_matmul, _matmul.Chunks);
            }
        }
    }

    void RoundInto(float* x, int n, int dropBits)
    {
        if (_rounded.Length < n) _rounded = GC.AllocateUninitializedArray<float>(n);
        fixed (float* r = _rounded) ActivationRounding.Round(x, r, n, dropBits);
    }

    /// <summary>(T, Cols) f32 -> (T, Cols/256) Q8_K blocks, one row of blocks per token.</summary>
    void QuantizeQ8_KInto(float* x, int tokens, int cols)
    {
        if (cols % Q8_KBlock.Elements != 0) throw new ArgumentException($"matmul: k-quant weights need a width that is a multiple of {Q8_KBlock.Elements}, not {cols}");
        long rowBytes = (long)cols / Q8_KBlock.Elements * Q8_KBlock.Bytes;
        if (_q8k.Length < tokens * rowBytes) _q8k = GC.AllocateUninitializedArray<byte>(checked((int)(tokens * rowBytes)));
        fixed (byte* k = _q8k)
            for (int t = 0; t < tokens; t++) QuantizeQ8_K.Quantize(x + (long)t * cols, k + t * rowBytes, cols);
    }

    /// <summary>(T, Cols) f32 -> Q8_0 or Q8_1 in split form: int8 values, and per block d (Q8_0) or d then s (Q8_1).</summary>
    void QuantizeInto(float* x, int n, ActivationFormat format)
    {
        if (n % DotQ8_0.Block != 0) throw new ArgumentException($"matmul: {format} activations need a width that is a multiple of {DotQ8_0.Block}");
        if (_q8.Length < n) _q8 = new sbyte[n];
        if (_q8Scales.Length < 2 * n / DotQ8_0.Block) _q8Scales = new float[2 * n / DotQ8_0.Block];
        fixed (sbyte* q = _q8)
        fixed (float* d = _q8Scales)
        {
            if (format == ActivationFormat.Q8_1) QuantizeQ8_1.Quantize(x, q, d, n);
            else QuantizeQ8_0.Quantize(x, q, d, n);
        }
    }

    public void GetRows(in WeightMatrix w, ReadOnlySpan<int> ids, Span<float> y)
    {
        var decode = CpuRowDecoder.For(w.Type);
        fixed (float* py = y)
            for (int t = 0; t < ids.Length; t++)
            {
                if ((uint)ids[t] >= (uint)w.Rows) throw new ArgumentOutOfRangeException(nameof(ids), $"token {ids[t]} outside the vocabulary of {w.Rows}");
                decode(w.Data + ids[t] * w.RowBytes, py + (long)t * w.Cols, w.Cols);
            }
    }

    public void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> y, float eps)
    {
        int n = weight.Length;
        for (int r = 0; r < x.Length / n; r++)
        {
            var xr = x.Slice(r * n, n);
            var yr = y.Slice(r * n, n);
            // ggml sums the squares in double; matching it keeps Q8_0 re-quantization of the result on the same side
            // of its rounding boundaries as llama.cpp more often.
            double sum = 0;
            foreach (float v in xr) sum += (double)v * v;
            float scale = 1f / MathF.Sqrt((float)(sum / n) + eps);
            TensorPrimitives.Multiply(xr, scale, yr);   // llama.cpp: rms_norm, then mul by the weight
            TensorPrimitives.Multiply(yr, weight, yr);
        }
    }

    public void Rope(Span<float> x, int tokens, int heads, int headDim, int start, RopeStyle style, float freqBase) =>
        RopeKernel.Apply(x, tokens, heads, headDim, start, style, freqBase);

    public void StoreKv(KvCache cache, int layer, int start, int tokens, ReadOnlySpan<float> k, ReadOnlySpan<float> v) =>
        cache.Store(layer, start, tokens, k, v);

    public void Attention(ReadOnlySpan<float> q, KvCache cache, int layer, int start, int tokens, int heads, Span<float> o)
    {
        if (heads % cache.KvHeads != 0) throw new ArgumentException($"attention: {heads} heads is not a multiple of {cache.KvHeads} KV heads");
        fixed (float* pq = q)
        fixed (float* po = o)
        {
            // Prefill, and decode when the KV groups keep every thread busy: key blocks of 64 decoded once per query
            // tile of a KV group (TiledAttentionJob), so a group's heads read their keys and values once, not once per
            // head (decode at 512 positions: attention 1.6 -> 0.85 ms per token on the bench shape; at 32k the cache
            // is read G times less). Fewer KV heads than threads: one chunk per head (AttentionJob) spreads wider.
            if (tokens > 1 || cache.KvHeads >= _pool.Threads)
            {
                RunTiled(pq, po, cache, layer, start, tokens, heads, 1f / MathF.Sqrt(cache.KeyLength), 0, DenseBlock, null);
                return;
            }
            _attention.Q = pq; _attention.O = po; _attention.Cache = cache;
            _attention.Layer = layer; _attention.Start = start; _attention.Heads = heads;
            _pool.Run(_attention, tokens * heads);
        }
    }

    public void SparseAttention(in SparseAttentionCall call, ReadOnlySpan<float> q, Span<float> o)
    {
        var cache = call.Cache;
        var stats = cache.BlockStatistics ?? throw new InvalidOperationException("sparse attention: the KV cache keeps no block statistics");
        if (call.Heads % cache.KvHeads != 0) throw new ArgumentException($"sparse attention: {call.Heads} heads is not a multiple of {cache.KvHeads} KV heads");
        int b = stats.Block, firstBlock = call.Start / b, queryBlocks = (call.Start + call.Tokens - 1) / b - firstBlock + 1;
        int lists = queryBlocks * cache.KvHeads;
        if (_selected.Length < lists * stats.Blocks) _selected = new int[lists * stats.Blocks];
        if (_selectedCount.Length < lists) _selectedCount = new int[lists];
        bool mass = call.Trace is not null && call.Options.ExplainMass;
        if (mass && _mass.Length < call.Tokens * call.Heads) _mass = new float[call.Tokens * call.Heads];
        fixed (float* pq = q)
        fixed (float* po = o)
        {
            _sparseSelect.Q = pq; _sparseSelect.Call = call; _sparseSelect.FirstQueryBlock = firstBlock;
            _sparseSelect.Selected = _selected; _sparseSelect.Counts = _selectedCount;
            _pool.Run(_sparseSelect, lists);
            if ((call.Tokens > 1 || cache.KvHeads >= _pool.Threads) && !mass)
            {
                // Prefill, and decode as for dense attention: the selected key blocks decoded once per query tile of a
                // KV group (TiledAttentionJob).
                RunTiled(pq, po, cache, call.Layer, call.Start, call.Tokens, call.Heads, call.Scale, call.LatentValueLength, b, _selected);
                return;
            }
            _sparseAttend.Q = pq; _sparseAttend.O = po; _sparseAttend.Call = call; _sparseAttend.FirstQueryBlock = firstBlock;
            _sparseAttend.Selected = _selected; _sparseAttend.Counts = _selectedCount; _sparseAttend.Mass = mass ? _mass : null;
            _pool.Run(_sparseAttend, call.Tokens * call.Heads);
        }
        if (!mass) return;
        double captured = 0;
        foreach (float share in _mass.AsSpan(0, call.Tokens * call.Heads)) captured += share;
        call.Trace!.AddMass(call.Layer, captured, call.Tokens * call.Heads);
    }

    /// <summary>The dense prefill's key block: one tile of <see cref="AttentionTile.RowAlign"/> rows.</summary>
    const int DenseBlock = AttentionTile.RowAlign;

    void RunTiled(float* q, float* o, KvCache cache, int layer, int start, int tokens, int heads, float scale, int latent, int block, int[]? selected)
    {
        var job = _tiled;
        job.Q = q; job.O = o; job.Cache = cache; job.Layer = layer; job.Start = start; job.Tokens = tokens; job.Heads = heads;
        job.Scale = scale; job.LatentValueLength = latent; job.Block = block; job.Selected = selected; job.Counts = _selectedCount;
        _pool.Run(job, job.Prepare());
    }

    public void Softmax(Span<float> x, int rowLength)
    {
        for (int r = 0; r < x.Length / rowLength; r++) AttentionJob.SoftmaxInPlace(x.Slice(r * rowLength, rowLength));
    }

    public void SiluMul(Span<float> gate, ReadOnlySpan<float> up)
    {
        Span<float> sig = stackalloc float[256];
        for (int i = 0; i < gate.Length; i += sig.Length)
        {
            int n = Math.Min(sig.Length, gate.Length - i);
            var g = gate.Slice(i, n);
            TensorPrimitives.Sigmoid(g, sig[..n]);
            TensorPrimitives.Multiply(g, sig[..n], g);
            TensorPrimitives.Multiply(g, up.Slice(i, n), g);
        }
    }

    public void Add(Span<float> x, ReadOnlySpan<float> y) => TensorPrimitives.Add(x, y, x);

    public void AddScaled(Span<float> y, ReadOnlySpan<float> x, float a) => TensorPrimitives.MultiplyAdd(x, a, y, y);

    public void Dispose() => _pool.Dispose();
}
