using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// Dot product of a Q5_K weight row with Q8_K activations, as ggml_vec_dot_q5_K_q8_K: Q4_K's sum with the fifth
/// bit of each q taken from qh (bit 2c for sub-block 2c, bit 2c + 1 for sub-block 2c + 1), so q &lt;= 31.
/// w: n / 256 blocks of 176 bytes (Q5_KBlock); x: n / 256 blocks of 292 bytes (Q8_KBlock).
/// </summary>
internal static unsafe class DotQ5_K
{
    public static float Dot(byte* w, byte* x, int n)
    {
        // No 512-bit path: on the Avx512 host we measured, one was ~15% slower than Avx2 (per-block work dominates).
        if (AvxVnni.IsSupported) return Avx2Path<VnniDot>(w, x, n);
        if (Avx2.IsSupported) return Avx2Path<MaddubsDot>(w, x, n);
        if (Vector256.IsHardwareAccelerated) return Vector256Path(w, x, n);
        return Scalar(w, x, n);
    }

    public static float Scalar(byte* w, byte* x, int n)
    {
        float sum = 0;
        for (int b = 0; b < n / Q5_KBlock.Elements; b++, w += Q5_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var (scales, mins) = KDot.UnpackScaleMinK4(w + Q5_KBlock.ScalesOffset);
            byte* ql = w + Q5_KBlock.QsOffset, qh = w + Q5_KBlock.QhOffset;
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            int sumi = 0;
            for (int c = 0; c < 4; c++, ql += 32, y += 64)
            {
                int s1 = 0, s2 = 0;
                for (int l = 0; l < 32; l++)
                {
                    s1 += ((ql[l] & 0xF) | (((qh[l] >> (2 * c)) & 1) << 4)) * y[l];
                    s2 += ((ql[l] >> 4) | (((qh[l] >> (2 * c + 1)) & 1) << 4)) * y[l + 32];
                }
                sumi += (int)((scales >> (16 * c)) & 0xFF) * s1 + (int)((scales >> (16 * c + 8)) & 0xFF) * s2;
            }
            sum += DotQ4_K.Finish(w, x, sumi, mins);
        }
        return sum;
    }

    /// <summary>The 5-bit values of sub-blocks 2c and 2c + 1 (32 each) from 32 bytes of ql and the 32 qh bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector256<byte> Lo, Vector256<byte> Hi) Unpack(byte* ql, Vector256<byte> qh, int c)
    {
        var q4 = Vector256.Load(ql);
        var bit = Vector256.Create((byte)0x10);
        var m1 = Vector256.Create((byte)(1 << (2 * c)));
        var m2 = Vector256.Create((byte)(2 << (2 * c)));
        // qh bit set -> 0x10: compare instead of a per-byte shift by a variable count.
        var lo = (q4 & Vector256.Create((byte)0xF)) | (Vector256.Equals(qh & m1, m1) & bit);
        var hi = KDot.HighNibbles(q4) | (Vector256.Equals(qh & m2, m2) & bit);
        return (lo, hi);
    }

    /// <summary>
    /// Avx2: <see cref="Unpack"/> for a constant <paramref name="c"/>, each fifth bit moved from qh to bit 4 by one 16-bit
    /// shift and a mask (the bits a shift carries in from the neighbour byte are masked off) instead of a compare.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector256<byte> Lo, Vector256<byte> Hi) Fives(byte* ql, Vector256<byte> qh, [ConstantExpected(Min = 0, Max = 3)] int c)
    {
        var q4 = Vector256.Load(ql);
        var bit = Vector256.Create((byte)0x10);
        var lo = (q4 & Vector256.Create((byte)0xF)) | (BitTo4(qh, 2 * c) & bit);
        var hi = KDot.HighNibbles(q4) | (BitTo4(qh, 2 * c + 1) & bit);
        return (lo, hi);
    }

    /// <summary>Avx2: bit <paramref name="k"/> of each byte moved to bit 4 (other bits unmasked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<byte> BitTo4(Vector256<byte> v, int k) => (k <= 4 ? v.AsUInt16() << (4 - k) : v.AsUInt16() >>> (k - 4)).AsByte();

    /// <summary>Avx2: int16 scale k (of the 8 in both 128-bit lanes of <paramref name="scales8"/>) in every lane: one vpshufb.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<short> Scale(Vector256<short> scales8, int k)
    {
        byte a = (byte)(2 * k), b = (byte)(2 * k + 1);
        return Avx2.Shuffle(scales8.AsByte(), Vector256.Create(a, b, a, b, a, b, a, b, a, b, a, b, a, b, a, b, a, b, a, b, a, b, a, b, a, b, a, b, a, b, a, b)).AsInt16();
    }

    /// <summary>
    /// Avx2 (and AVX-VNNI through <typeparamref name="TDot"/>): two accumulator chains of 4 sub-blocks each; the 8 scales
    /// widened to int16 once per block, each sub-block's taken from them by one vpshufb.
    /// </summary>
    public static float Avx2Path<TDot>(byte* w, byte* x, int n) where TDot : struct, IByteDot
    {
        float sum = 0;
        for (int b = 0; b < n / Q5_KBlock.Elements; b++, w += Q5_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var (scales, mins) = KDot.UnpackScaleMinK4(w + Q5_KBlock.ScalesOffset);
            var s16 = Sse41.ConvertToVector128Int16(Vector128.CreateScalar(scales).AsByte());
            var sc = Vector256.Create(s16, s16);
            byte* ql = w + Q5_KBlock.QsOffset;
            var qh = Vector256.Load(w + Q5_KBlock.QhOffset);
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            var (l0, h0) = Fives(ql, qh, 0);
            var (l1, h1) = Fives(ql + 32, qh, 1);
            var (l2, h2) = Fives(ql + 64, qh, 2);
            var (l3, h3) = Fives(ql + 96, qh, 3);
            var even = TDot.MulAdd(default, l0, Vector256.Load(y), Scale(sc, 0));
            var odd = TDot.MulAdd(default, h0, Vector256.Load(y + 32), Scale(sc, 1));
            even = TDot.MulAdd(even, l1, Vector256.Load(y + 64), Scale(sc, 2));
            odd = TDot.MulAdd(odd, h1, Vector256.Load(y + 96), Scale(sc, 3));
            even = TDot.MulAdd(even, l2, Vector256.Load(y + 128), Scale(sc, 4));
            odd = TDot.MulAdd(odd, h2, Vector256.Load(y + 160), Scale(sc, 5));
            even = TDot.MulAdd(even, l3, Vector256.Load(y + 192), Scale(sc, 6));
            odd = TDot.MulAdd(odd, h3, Vector256.Load(y + 224), Scale(sc, 7));
            var (sumi, sumMins) = KDot.Sum2(even + odd, KDot.MinsLanes((short*)(x + Q8_KBlock.BsumsOffset), Vector128.CreateScalar(mins).AsByte()));
            sum += DotQ4_K.Finish(w, x, sumi, sumMins);
        }
        return sum;
    }

    public static float Vector256Path(byte* w, byte* x, int n)
    {
        float sum = 0;
        for (int b = 0; b < n / Q5_KBlock.Elements; b++, w += Q5_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var (scales, mins) = KDot.UnpackScaleMinK4(w + Q5_KBlock.ScalesOffset);
            byte* ql = w + Q5_KBlock.QsOffset;
            var qh = Vector256.Load(w + Q5_KBlock.QhOffset);
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            var acc = Vector256<int>.Zero;
            for (int c = 0; c < 4; c++, ql += 32, y += 64)
            {
                var (lo, hi) = Unpack(ql, qh, c);
                acc += KDot.MulAddPortable(lo, Vector256.Load(y)) * (int)((scales >> (16 * c)) & 0xFF);
                acc += KDot.MulAddPortable(hi, Vector256.Load(y + 32)) * (int)((scales >> (16 * c + 8)) & 0xFF);
            }
            sum += DotQ4_K.Finish(w, x, Vector256.Sum(acc), mins);
        }
        return sum;
    }
}
