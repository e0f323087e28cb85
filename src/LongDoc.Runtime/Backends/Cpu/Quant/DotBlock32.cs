using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// A weight type of 32-value blocks with one f16 scale d at offset 0 (Q4_0, Q5_0, Q4_1, Q5_1, IQ4_NL): how to read its
/// integer values, and whether it also stores a min m at offset 2 (x = q * d + m), which pairs it with Q8_1
/// activations (ggml's vec_dot_type) instead of Q8_0.
/// </summary>
internal unsafe interface IBlock32
{
    static abstract int Bytes { get; }
    static abstract bool HasMin { get; }
    /// <summary>Value i (0..31) of the block as the integer the dot multiplies (the scalar reference).</summary>
    static abstract int Value(byte* block, int i);
    /// <summary>The 32 values in order, as int8 (|v| &lt;= 127, so the sign trick of vpmaddubsw applies).</summary>
    static abstract Vector256<sbyte> Values(byte* block);
}

/// <summary>
/// Dot product of a row of <typeparamref name="T"/> blocks with one token's activations quantized per 32 values, as
/// ggml's vec_dot_{q4_0,q5_0,iq4_nl}_q8_0 and vec_dot_{q4_1,q5_1}_q8_1: per block an exact int32 sum of v * y, scaled
/// by d_w * d_x; types with a min add m_w * s_x per block, where s_x = d_x * sum(y) is the Q8_1 block's stored sum.
/// Activations in the CPU backend's split form: xq int8 (n), and per block d_x (Q8_0), or d_x then s_x (Q8_1).
/// The f32 steps run in 4 lanes, block b into lane b % 4 (as ggml, which keeps per-lane sums, so a block's f32 work
/// is no chain of dependent adds), summed ((0 + 1) + (2 + 3)) at the end: the SIMD paths do 4 blocks per vector
/// step, the scalar reference the same steps one lane at a time, and all equal it bit for bit.
/// </summary>
internal static unsafe class DotBlock32<T> where T : IBlock32
{
    const int Block = 32;
    // Inlined: left as a call (seen with tiering off), it made the JIT keep the loop's vectors in memory.
    static int ScalesPerBlock
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => T.HasMin ? 2 : 1;
    }

    public static float Dot(byte* w, sbyte* xq, float* xd, int n)
    {
        if (AvxVnni.IsSupported) return Avx2Path<VnniDot>(w, xq, xd, n);
        if (Avx2.IsSupported) return Avx2Path<MaddubsDot>(w, xq, xd, n);
        if (Vector256.IsHardwareAccelerated) return Vector256Path(w, xq, xd, n);
        return Scalar(w, xq, xd, n);
    }

    public static float Scalar(byte* w, sbyte* xq, float* xd, int n)
    {
        Lanes lanes = default;
        for (int b = 0; b < n / Block; b++, w += T.Bytes)
        {
            sbyte* y = xq + b * Block;
            int sum = 0;
            for (int i = 0; i < Block; i++) sum += T.Value(w, i) * y[i];
            lanes.Add(b & 3, w, sum, xd + b * ScalesPerBlock);
        }
        return lanes.Total();
    }

    /// <summary>Avx2 (and AVX-VNNI through <typeparamref name="TDot"/>).</summary>
    public static float Avx2Path<TDot>(byte* w, sbyte* xq, float* xd, int n) where TDot : struct, IByteDot
    {
        Lanes lanes = default;
        int blocks = n / Block, b = 0;
        for (; b + 4 <= blocks; b += 4, w += 4 * T.Bytes)
            lanes.Add4(w, Sums4<TDot>(w, xq + b * Block), xd + b * ScalesPerBlock);
        for (; b < blocks; b++, w += T.Bytes)
            lanes.Add(b & 3, w, Vector256.Sum(Lanes8<TDot>(w, Vector256.Load(xq + b * Block))), xd + b * ScalesPerBlock);
        return lanes.Total();
    }

    /// <summary>Avx2: the exact int32 sums of 4 consecutive blocks with their activations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<int> Sums4<TDot>(byte* w, sbyte* y) where TDot : struct, IByteDot =>
        KDot.Sum4(Lanes8<TDot>(w, Vector256.Load(y)), Lanes8<TDot>(w + T.Bytes, Vector256.Load(y + Block)),
            Lanes8<TDot>(w + 2 * T.Bytes, Vector256.Load(y + 2 * Block)), Lanes8<TDot>(w + 3 * T.Bytes, Vector256.Load(y + 3 * Block)));

    /// <summary>Avx2: one block's v * y as 8 int32 partial sums (ggml's mul_sum_i8_pairs: |v| times y with v's sign).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> Lanes8<TDot>(byte* w, Vector256<sbyte> y) where TDot : struct, IByteDot => Lanes8<TDot>(T.Values(w), y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> Lanes8<TDot>(Vector256<sbyte> v, Vector256<sbyte> y) where TDot : struct, IByteDot => TDot.Dot(Avx2.Abs(v), Avx2.Sign(y, v));

    /// <summary>
    /// Prefill form (QuantDot.Dot4): one row against 4 tokens (xq (4, n), xd 4 tokens' scales, contiguous as the
    /// backend lays them out; y[k * yStride] for token k), each block's values unpacked once for the 4. Each token's
    /// result is <see cref="Avx2Path"/>'s bit for bit.
    /// </summary>
    public static void Dot4(byte* w, sbyte* xq, float* xd, int n, float* y, long yStride)
    {
        if (AvxVnni.IsSupported) Dot4Path<VnniDot>(w, xq, xd, n, y, yStride);
        else if (Avx2.IsSupported) Dot4Path<MaddubsDot>(w, xq, xd, n, y, yStride);
        else
        {
            long scales = (long)(n / Block) * ScalesPerBlock;
            for (int k = 0; k < 4; k++) y[k * yStride] = Dot(w, xq + (long)k * n, xd + k * scales, n);
        }
    }

    public static void Dot4Path<TDot>(byte* w, sbyte* xq, float* xd, int n, float* y, long yStride) where TDot : struct, IByteDot
    {
        int blocks = n / Block, b = 0;
        long scales = (long)blocks * ScalesPerBlock;
        Lanes l0 = default, l1 = default, l2 = default, l3 = default;
        sbyte* q0 = xq, q1 = q0 + n, q2 = q1 + n, q3 = q2 + n;
        for (; b + 4 <= blocks; b += 4, w += 4 * T.Bytes)
        {
            Vector256<sbyte> v0 = T.Values(w), v1 = T.Values(w + T.Bytes), v2 = T.Values(w + 2 * T.Bytes), v3 = T.Values(w + 3 * T.Bytes);
            int o = b * Block;
            float* d = xd + b * ScalesPerBlock;
            var dw = Lanes.Halves4(w, 0);
            var mw = T.HasMin ? Lanes.Halves4(w, 2) : default;
            l0.Add4(dw, mw, Sums4<TDot>(v0, v1, v2, v3, q0 + o), d);
            l1.Add4(dw, mw, Sums4<TDot>(v0, v1, v2, v3, q1 + o), d + scales);
            l2.Add4(dw, mw, Sums4<TDot>(v0, v1, v2, v3, q2 + o), d + 2 * scales);
            l3.Add4(dw, mw, Sums4<TDot>(v0, v1, v2, v3, q3 + o), d + 3 * scales);
        }
        for (; b < blocks; b++, w += T.Bytes)
        {
            var v = T.Values(w);
            int o = b * Block;
            float* d = xd + b * ScalesPerBlock;
            l0.Add(b & 3, w, Vector256.Sum(Lanes8<TDot>(v, Vector256.Load(q0 + o))), d);
            l1.Add(b & 3, w, Vector256.Sum(Lanes8<TDot>(v, Vector256.Load(q1 + o))), d + scales);
            l2.Add(b & 3, w, Vector256.Sum(Lanes8<TDot>(v, Vector256.Load(q2 + o))), d + 2 * scales);
            l3.Add(b & 3, w, Vector256.Sum(Lanes8<TDot>(v, Vector256.Load(q3 + o))), d + 3 * scales);
        }
        y[0] = l0.Total(); y[yStride] = l1.Total(); y[2 * yStride] = l2.Total(); y[3 * yStride] = l3.Total();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<int> Sums4<TDot>(Vector256<sbyte> v0, Vector256<sbyte> v1, Vector256<sbyte> v2, Vector256<sbyte> v3, sbyte* y) where TDot : struct, IByteDot =>
        KDot.Sum4(Lanes8<TDot>(v0, Vector256.Load(y)), Lanes8<TDot>(v1, Vector256.Load(y + Block)),
            Lanes8<TDot>(v2, Vector256.Load(y + 2 * Block)), Lanes8<TDot>(v3, Vector256.Load(y + 3 * Block)));

    public static float Vector256Path(byte* w, sbyte* xq, float* xd, int n)
    {
        Lanes lanes = default;
        for (int b = 0; b < n / Block; b++, w += T.Bytes)
        {
            var (vl, vh) = Vector256.Widen(T.Values(w));
            var (yl, yh) = Vector256.Widen(Vector256.Load(xq + b * Block));
            var (p0, p1) = Vector256.Widen(vl * yl);
            var (p2, p3) = Vector256.Widen(vh * yh);
            lanes.Add(b & 3, w, Vector256.Sum((p0 + p1) + (p2 + p3)), xd + b * ScalesPerBlock);
        }
        return lanes.Total();
    }

    /// <summary>The 4 f32 lanes of the d * d_x terms and of the min terms, shared by every path.</summary>
    struct Lanes
    {
        Vector128<float> _acc, _mins;

        /// <summary>Block sum <paramref name="sum"/> of the block at <paramref name="w"/> into lane <paramref name="lane"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int lane, byte* w, int sum, float* x)
        {
            _acc = _acc.WithElement(lane, _acc.GetElement(lane) + sum * (KDot.Half(w) * x[0]));
            if (T.HasMin) _mins = _mins.WithElement(lane, _mins.GetElement(lane) + KDot.Half(w + 2) * x[1]);
        }

        /// <summary>4 blocks from <paramref name="w"/> on, lane by lane: the same f32 steps as 4 <see cref="Add"/>s.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add4(byte* w, Vector128<int> sums, float* x) => Add4(Halves4(w, 0), T.HasMin ? Halves4(w, 2) : default, sums, x);

        /// <summary><see cref="Add4(byte*, Vector128{int}, float*)"/> with the blocks' d (and m) already read, for 4 tokens to share.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add4(Vector128<float> d, Vector128<float> m, Vector128<int> sums, float* x)
        {
            // Q8_0: 4 blocks' d_x lie side by side; Q8_1: d_x and s_x alternate.
            var dx = T.HasMin ? Vector128.Create(x[0], x[2], x[4], x[6]) : Vector128.Load(x);
            _acc += Vector128.ConvertToSingle(sums) * (d * dx);
            if (T.HasMin) _mins += m * Vector128.Create(x[1], x[3], x[5], x[7]);
        }

        /// <summary>The f16 at <paramref name="offset"/> of 4 consecutive blocks from <paramref name="w"/> on.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Halves4(byte* w, int offset) =>
            Vector128.Create(KDot.Half(w + offset), KDot.Half(w + T.Bytes + offset), KDot.Half(w + 2 * T.Bytes + offset), KDot.Half(w + 3 * T.Bytes + offset));

        public readonly float Total()
        {
            float acc = (_acc.GetElement(0) + _acc.GetElement(1)) + (_acc.GetElement(2) + _acc.GetElement(3));
            return T.HasMin ? acc + ((_mins.GetElement(0) + _mins.GetElement(1)) + (_mins.GetElement(2) + _mins.GetElement(3))) : acc;
        }
    }
}
