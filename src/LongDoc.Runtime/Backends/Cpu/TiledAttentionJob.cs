using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Prefill attention over key blocks, flash-attention style, for the dense op (every visible block) and the
/// block-sparse op (the blocks selected per query block and KV group). One chunk per (query block, KV group, slice of
/// the block's tokens): the slice's queries of all the group's heads form one tile of R rows (pre-scaled, zero-padded
/// to a multiple of 4); every key block is decoded to f32 and transposed once per chunk, then S = Q Kt and O += P V run
/// as register-blocked GEMMs (<see cref="AttentionTile"/>) with an online softmax per row between them (log-sum-exp
/// merge per block, positions after the row's query masked). Same arithmetic per query as <see cref="AttentionJob"/>,
/// in another order.
/// Legend: T tokens, H heads, G = H/Hkv heads per group, Dk key length, Dv value length (R on the latent cache, whose
/// values are the first R channels of the key rows), B block, S = B rounded up to 64, N cache blocks, QB query blocks.
/// </summary>
internal sealed unsafe class TiledAttentionJob : IParallelJob
{
    /// <summary>Rows of one tile: 64 tokens of a 4-head group for 64-wide heads; fewer tokens for wide or many heads.</summary>
    const int TileFloats = 256 * 128;

    public float* Q;               // (T, H*Dk)
    public float* O;               // (T, H*Dv)
    public KvCache Cache = null!;
    public int Layer, Start, Tokens, Heads, LatentValueLength, Block;
    public float Scale;
    public int[]? Selected;        // (QB, Hkv, N) ascending block lists, or null = every visible block (dense)
    public int[] Counts = [];      // (QB, Hkv)

    int _slices, _sliceTokens;

    [ThreadStatic] static float[]? _q, _o, _s, _keys, _keysT, _values, _state;

    int Dv => LatentValueLength > 0 ? LatentValueLength : Cache.ValueLength;

    /// <returns>The number of chunks to run.</returns>
    public int Prepare()
    {
        int group = Heads / Cache.KvHeads, rowFloats = group * (Cache.KeyLength + Dv);
        _sliceTokens = Math.Clamp(TileFloats / rowFloats, 1, Block);
        _slices = (Block + _sliceTokens - 1) / _sliceTokens;
        int queryBlocks = (Start + Tokens - 1) / Block - Start / Block + 1;
        return queryBlocks * Cache.KvHeads * _slices;
    }

    public void Execute(int chunk)
    {
        var cache = Cache;
        int hkv = cache.KvHeads, group = Heads / hkv, dk = cache.KeyLength, dv = Dv, b = Block;
        int slice = chunk % _slices, list = chunk / _slices, g = list % hkv, qb = Start / b + list / hkv;
        int first = Math.Max(Start, qb * b + slice * _sliceTokens);
        int last = Math.Min(Math.Min(Start + Tokens - 1, qb * b + b - 1), qb * b + (slice + 1) * _sliceTokens - 1);
        if (first > last) return;
        int nq = last - first + 1, rows = nq * group, padded = (rows + AttentionTile.QueryRows - 1) / AttentionTile.QueryRows * AttentionTile.QueryRows;
        int stride = (b + AttentionTile.RowAlign - 1) / AttentionTile.RowAlign * AttentionTile.RowAlign;
        bool latent = LatentValueLength > 0, f16 = cache.Type == KvCacheType.F16;
        Ensure(ref _q, padded * dk); Ensure(ref _o, padded * dv); Ensure(ref _s, padded * stride);
        Ensure(ref _keys, b * dk); Ensure(ref _keysT, dk * stride); Ensure(ref _values, b * Math.Max(dv, 1)); Ensure(ref _state, 2 * padded);
        var m = _state.AsSpan(0, rows);
        var l = _state.AsSpan(padded, rows);
        m.Fill(float.NegativeInfinity);
        l.Clear();
        fixed (float* qt = _q, ot = _o, s = _s, kf = _keys, kt = _keysT, vf = _values)
        {
            // Q tile (R, Dk): row i*G + j = token first+i, head g*G + j, scaled; the group's heads are adjacent in Q.
            for (int i = 0; i < nq; i++)
                TensorPrimitives.Multiply(new ReadOnlySpan<float>(Q + ((long)(first + i - Start) * Heads + g * group) * dk, group * dk), Scale,
                    new Span<float>(qt + (long)i * group * dk, group * dk));
            new Span<float>(qt + (long)rows * dk, (padded - rows) * dk).Clear();
            new Span<float>(ot, padded * dv).Clear();
            bool dense = Selected is null;
            ReadOnlySpan<int> blocks = dense ? default : Selected.AsSpan(list * cache.BlockStatistics!.Blocks, Counts[list]);
            int count = dense ? qb + 1 : blocks.Length;
            for (int bi = 0; bi < count; bi++)
            {
                int blk = dense ? bi : blocks[bi];
                int p0 = blk * b, keyRows = Math.Min(p0 + b, last + 1) - p0;
                if (keyRows <= 0) continue;
                // Keys go to kt transposed, widened from F16 on the way when the values do not need them as f32 (latent).
                int vStride = Decode(cache, Layer, g, p0, keyRows, dk, dv, latent, f16, kf, vf, out float* keys, out float* values);
                if (f16 && !latent) Transpose<F16Elements>(cache.Key(Layer, g, p0), keyRows, dk, kt, stride);
                else Transpose<F32Elements>((byte*)keys, keyRows, dk, kt, stride);
                AttentionTile.Scores(qt, padded, dk, kt, stride, s);
                for (int r = 0; r < rows; r++)
                {
                    // Row r: causal count inside the block, then the online softmax step; p replaces s in place.
                    int pos = first + r / group, valid = Math.Min(keyRows, pos + 1 - p0);
                    var sr = new Span<float>(s + (long)r * stride, keyRows);
                    if (valid <= 0) { sr.Clear(); continue; }
                    var live = sr[..valid];
                    float mb = TensorPrimitives.Max(live);
                    if (mb > m[r])
                    {
                        float f = MathF.Exp(m[r] - mb);
                        if (l[r] != 0) TensorPrimitives.Multiply(new Span<float>(ot + (long)r * dv, dv), f, new Span<float>(ot + (long)r * dv, dv));
                        l[r] *= f;
                        m[r] = mb;
                    }
                    TensorPrimitives.Subtract(live, m[r], live);
                    TensorPrimitives.Exp(live, live);
                    l[r] += TensorPrimitives.Sum(live);
                    sr[valid..].Clear();
                }
                for (int r = rows; r < padded; r++) new Span<float>(s + (long)r * stride, keyRows).Clear();
                AttentionTile.Accumulate(s, padded, stride, values, vStride, keyRows, ot, dv);
            }
            for (int i = 0; i < nq; i++)
                for (int j = 0; j < group; j++)
                {
                    int r = i * group + j;
                    TensorPrimitives.Multiply(new ReadOnlySpan<float>(ot + (long)r * dv, dv), 1f / l[r],
                        new Span<float>(O + ((long)(first + i - Start) * Heads + g * group + j) * dv, dv));
                }
        }
    }

    static void Ensure(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new float[length];
    }

    /// <summary>kt (Dk, S) = keys (rows, Dk)^T as f32 from F32 or F16 keys; the padding rows..S-1 are zeroed (their
    /// scores are computed, never read). 16 x 16 squares in registers where the CPU has AVX-512 (the scalar transpose
    /// was ~45% of decode attention), F16 widened as it is loaded.</summary>
    internal static void Transpose<T>(byte* keys, int rows, int dk, float* kt, int stride) where T : IKeyElements
    {
        int r16 = Avx512F.IsSupported ? rows / 16 * 16 : 0, d16 = dk / 16 * 16;
        long rowBytes = (long)dk * T.Bytes;
        for (int j = 0; j < r16; j += 16)
            for (int d = 0; d < d16; d += 16)
                Transpose16<T>(keys + j * rowBytes + d * T.Bytes, rowBytes, kt + (long)d * stride + j, stride);
        for (int d = 0; d < dk; d++)
        {
            float* dst = kt + (long)d * stride;
            for (int j = d < d16 ? r16 : 0; j < rows; j++) dst[j] = T.Load1(keys + j * rowBytes + d * T.Bytes);
            new Span<float>(dst + rows, stride - rows).Clear();
        }
    }

    /// <summary>
    /// dst (16, 16) = src (16, 16)^T: per quad of rows, 32-bit then 64-bit interleaves within 128-bit lanes leave u_k =
    /// columns k, k+4, k+8, k+12 of those rows (one lane each); two rounds of 128-bit lane shuffles then gather each
    /// column's four row quarters.
    /// </summary>
    static void Transpose16<T>(byte* src, long srcStride, float* dst, long dstStride) where T : IKeyElements
    {
        Quad(T.Load16(src), T.Load16(src + srcStride), T.Load16(src + 2 * srcStride), T.Load16(src + 3 * srcStride),
            out var a0, out var a1, out var a2, out var a3);
        src += 4 * srcStride;
        Quad(T.Load16(src), T.Load16(src + srcStride), T.Load16(src + 2 * srcStride), T.Load16(src + 3 * srcStride),
            out var b0, out var b1, out var b2, out var b3);
        src += 4 * srcStride;
        Quad(T.Load16(src), T.Load16(src + srcStride), T.Load16(src + 2 * srcStride), T.Load16(src + 3 * srcStride),
            out var c0, out var c1, out var c2, out var c3);
        src += 4 * srcStride;
        Quad(T.Load16(src), T.Load16(src + srcStride), T.Load16(src + 2 * srcStride), T.Load16(src + 3 * srcStride),
            out var d0, out var d1, out var d2, out var d3);
        Columns(a0, b0, c0, d0, dst, dstStride);
        Columns(a1, b1, c1, d1, dst + dstStride, dstStride);
        Columns(a2, b2, c2, d2, dst + 2 * dstStride, dstStride);
        Columns(a3, b3, c3, d3, dst + 3 * dstStride, dstStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Quad(Vector512<float> r0, Vector512<float> r1, Vector512<float> r2, Vector512<float> r3,
        out Vector512<float> u0, out Vector512<float> u1, out Vector512<float> u2, out Vector512<float> u3)
    {
        var t0 = Avx512F.UnpackLow(r0, r1).AsDouble();    // a0 b0 a1 b1 per lane
        var t1 = Avx512F.UnpackHigh(r0, r1).AsDouble();   // a2 b2 a3 b3
        var t2 = Avx512F.UnpackLow(r2, r3).AsDouble();    // c0 d0 c1 d1
        var t3 = Avx512F.UnpackHigh(r2, r3).AsDouble();   // c2 d2 c3 d3
        u0 = Avx512F.UnpackLow(t0, t2).AsSingle();        // a0 b0 c0 d0: column 0 of each lane
        u1 = Avx512F.UnpackHigh(t0, t2).AsSingle();       // column 1
        u2 = Avx512F.UnpackLow(t1, t3).AsSingle();        // column 2
        u3 = Avx512F.UnpackHigh(t1, t3).AsSingle();       // column 3
    }

    /// <summary>Columns k, k+4, k+8, k+12 (dst rows 0, 4, 8, 12 from here) from the four row quads' u_k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Columns(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d, float* dst, long stride)
    {
        var lowA = Avx512F.Shuffle4x128(a, b, 0x88);     // columns k, k+8 of rows 0-7
        var highA = Avx512F.Shuffle4x128(a, b, 0xDD);    // columns k+4, k+12 of rows 0-7
        var lowB = Avx512F.Shuffle4x128(c, d, 0x88);     // the same of rows 8-15
        var highB = Avx512F.Shuffle4x128(c, d, 0xDD);
        Avx512F.Shuffle4x128(lowA, lowB, 0x88).Store(dst);
        Avx512F.Shuffle4x128(highA, highB, 0x88).Store(dst + 4 * stride);
        Avx512F.Shuffle4x128(lowA, lowB, 0xDD).Store(dst + 8 * stride);
        Avx512F.Shuffle4x128(highA, highB, 0xDD).Store(dst + 12 * stride);
    }

    /// <summary>Rows p0..p0+rows of the group's values (and keys, when F32 or latent) as f32: the cache itself when F32,
    /// else decoded into scratch. F16 keys of a non-latent cache are left to <see cref="Transpose{T}"/>.</summary>
    /// <returns>The stride of the value rows.</returns>
    static int Decode(KvCache cache, int layer, int g, int p0, int rows, int dk, int dv, bool latent, bool f16, float* kf, float* vf, out float* keys, out float* values)
    {
        byte* k = cache.Key(layer, g, p0);
        keys = (float*)k;
        if (f16 && latent)
        {
            CpuRowDecoder.F16(k, kf, rows * dk);   // F16C widening (TensorPrimitives' Half path is far slower)
            keys = kf;
        }
        if (latent) { values = keys; return dk; }               // values: the first R channels of each key row
        byte* v = cache.Value(layer, g, p0);
        values = (float*)v;
        if (!f16) return dv;
        CpuRowDecoder.F16(v, vf, rows * dv);
        values = vf;
        return dv;
    }
}

/// <summary>How a key element is read for the transpose: f32 as it is, f16 widened (16 at a time with F16C).</summary>
internal unsafe interface IKeyElements
{
    static abstract int Bytes { get; }
    static abstract Vector512<float> Load16(byte* p);
    static abstract float Load1(byte* p);
}

internal readonly unsafe struct F32Elements : IKeyElements
{
    public static int Bytes => 4;
    public static Vector512<float> Load16(byte* p) => Vector512.Load((float*)p);
    public static float Load1(byte* p) => *(float*)p;
}

internal readonly unsafe struct F16Elements : IKeyElements
{
    public static int Bytes => 2;
    public static Vector512<float> Load16(byte* p) => HalfBits.F16x16((ushort*)p);
    public static float Load1(byte* p) => HalfBits.F16ToF32[*(ushort*)p];
}
