using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// A weight type of 32-value blocks with one f16 scale d at offset 0 (Q5_0, Q4_1, Q5_1, IQ4_NL): how to read its
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
/// ggml's vec_dot_{q5_0,iq4_nl}_q8_0 and vec_dot_{q4_1,q5_1}_q8_1: per block an exact int32 sum of v * y, scaled
/// by d_w * d_x; types with a min add m_w * s_x per block, where s_x = d_x * sum(y) is the Q8_1 block's stored sum.
/// Activations in the CPU backend's split form: xq int8 (n), and per block d_x (Q8_0), or d_x then s_x (Q8_1).
/// Every path sums each block exactly and does the same f32 steps, so all equal the scalar reference bit for bit.
/// </summary>
internal static unsafe class DotBlock32<T> where T : IBlock32
{
    const int Block = 32;
    static int ScalesPerBlock => T.HasMin ? 2 : 1;

    public static float Dot(byte* w, sbyte* xq, float* xd, int n)
    {
        if (Avx2.IsSupported) return Avx2Path(w, xq, xd, n);
        if (Vector256.IsHardwareAccelerated) return Vector256Path(w, xq, xd, n);
        return Scalar(w, xq, xd, n);
    }

    public static float Scalar(byte* w, sbyte* xq, float* xd, int n)
    {
        float acc = 0, mins = 0;
        for (int b = 0; b < n / Block; b++, w += T.Bytes)
        {
            sbyte* y = xq + b * Block;
            int sum = 0;
            for (int i = 0; i < Block; i++) sum += T.Value(w, i) * y[i];
            Add(w, sum, xd + b * ScalesPerBlock, ref acc, ref mins);
        }
        return acc + mins;
    }

    public static float Avx2Path(byte* w, sbyte* xq, float* xd, int n)
    {
        float acc = 0, mins = 0;
        var ones = Vector256.Create((short)1);
        for (int b = 0; b < n / Block; b++, w += T.Bytes)
        {
            var v = T.Values(w);
            var y = Vector256.Load(xq + b * Block);
            var p = Avx2.MultiplyAddAdjacent(Avx2.Abs(v), Avx2.Sign(y, v));
            Add(w, Vector256.Sum(Avx2.MultiplyAddAdjacent(p, ones)), xd + b * ScalesPerBlock, ref acc, ref mins);
        }
        return acc + mins;
    }

    public static float Vector256Path(byte* w, sbyte* xq, float* xd, int n)
    {
        float acc = 0, mins = 0;
        for (int b = 0; b < n / Block; b++, w += T.Bytes)
        {
            var (vl, vh) = Vector256.Widen(T.Values(w));
            var (yl, yh) = Vector256.Widen(Vector256.Load(xq + b * Block));
            var (p0, p1) = Vector256.Widen(vl * yl);
            var (p2, p3) = Vector256.Widen(vh * yh);
            Add(w, Vector256.Sum((p0 + p1) + (p2 + p3)), xd + b * ScalesPerBlock, ref acc, ref mins);
        }
        return acc + mins;
    }

    /// <summary>One block's f32 steps, shared by every path (ggml keeps the min terms in their own sum too).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Add(byte* w, int sum, float* x, ref float acc, ref float mins)
    {
        acc += sum * (KDot.Half(w) * x[0]);
        if (T.HasMin) mins += KDot.Half(w + 2) * x[1];
    }
}
