using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// Dot product of an IQ4_XS weight row with Q8_K activations, as ggml_vec_dot_iq4_xs_q8_K. Per 256-block:
///   d*dx * sum_j (ls_j - 32) * sum_(i in j) level[q_i] y_i   (8 sub-blocks of 32)
/// w: n / 256 blocks of 136 bytes (IQ4_XSBlock); x: n / 256 blocks of 292 bytes (Q8_KBlock).
/// </summary>
internal static unsafe class DotIQ4_XS
{
    public static float Dot(byte* w, byte* x, int n)
    {
        if (AvxVnni.IsSupported) return Avx2Path<VnniDot>(w, x, n);
        if (Avx2.IsSupported) return Avx2Path<MaddubsDot>(w, x, n);
        if (Vector256.IsHardwareAccelerated) return Vector256Path(w, x, n);
        return Scalar(w, x, n);
    }

    public static float Scalar(byte* w, byte* x, int n)
    {
        float sum = 0;
        for (int b = 0; b < n / IQ4_XSBlock.Elements; b++, w += IQ4_XSBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var block = new ReadOnlySpan<byte>(w, IQ4_XSBlock.Bytes);
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            int sumi = 0;
            for (int j = 0; j < 8; j++)
            {
                byte* q = w + IQ4_XSBlock.QsOffset + 16 * j;
                int s = 0;
                for (int i = 0; i < 16; i++)
                    s += IQ4_NLBlock.Levels[q[i] & 0xF] * y[32 * j + i] + IQ4_NLBlock.Levels[q[i] >> 4] * y[32 * j + 16 + i];
                sumi += IQ4_XSBlock.SubScale(block, j) * s;
            }
            sum += Finish(w, x, sumi);
        }
        return sum;
    }

    /// <summary>The 8 scales ls_j - 32 as bytes in order: nibble j of scales_l and bits 2j, 2j + 1 of scales_h to byte j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<sbyte> ScaleBytes(byte* w)
    {
        ulong low = *(uint*)(w + IQ4_XSBlock.ScalesLOffset), high = *(ushort*)(w + IQ4_XSBlock.ScalesHOffset);
        ulong bytes;
        if (Bmi2.X64.IsSupported)
            bytes = Bmi2.X64.ParallelBitDeposit(low, 0x0F0F0F0F0F0F0F0F) | Bmi2.X64.ParallelBitDeposit(high, 0x3030303030303030);
        else
        {
            bytes = 0;
            for (int j = 0; j < 8; j++) bytes |= (((low >> (4 * j)) & 0xF) | (((high >> (2 * j)) & 3) << 4)) << (8 * j);
        }
        return Vector128.CreateScalar(bytes).AsSByte() - Vector128.Create((sbyte)32);
    }

    /// <summary>Avx2 (and AVX-VNNI through <typeparamref name="TDot"/>): two accumulator chains of 4 sub-blocks each.</summary>
    public static float Avx2Path<TDot>(byte* w, byte* x, int n) where TDot : struct, IByteDot
    {
        float sum = 0;
        for (int b = 0; b < n / IQ4_XSBlock.Elements; b++, w += IQ4_XSBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var sc = ScaleBytes(w);
            byte* q = w + IQ4_XSBlock.QsOffset;
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            var even = Group<TDot>(default, q, y, KDot.ScalePair(sc, 0, 0));
            var odd = Group<TDot>(default, q + 16, y + 32, KDot.ScalePair(sc, 1, 1));
            even = Group<TDot>(even, q + 32, y + 64, KDot.ScalePair(sc, 2, 2));
            odd = Group<TDot>(odd, q + 48, y + 96, KDot.ScalePair(sc, 3, 3));
            even = Group<TDot>(even, q + 64, y + 128, KDot.ScalePair(sc, 4, 4));
            odd = Group<TDot>(odd, q + 80, y + 160, KDot.ScalePair(sc, 5, 5));
            even = Group<TDot>(even, q + 96, y + 192, KDot.ScalePair(sc, 6, 6));
            odd = Group<TDot>(odd, q + 112, y + 224, KDot.ScalePair(sc, 7, 7));
            sum += Finish(w, x, Vector256.Sum(even + odd));
        }
        return sum;
    }

    /// <summary>Avx2: acc plus one 32-value sub-block against 32 activations, 8 int32 partial sums times its scale.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> Group<TDot>(Vector256<int> acc, byte* q, sbyte* y, Vector256<short> scale) where TDot : struct, IByteDot
    {
        var v = Blocks32.LevelsOf(q);
        // |level| <= 127 and |y| <= 127: the int16 pair sums stay below 32767.
        return TDot.MulAdd(acc, Avx2.Abs(v), Avx2.Sign(Vector256.Load(y), v), scale);
    }

    /// <summary>
    /// Prefill form (QuantDot.Dot4): one row against 4 tokens' Q8_K rows <paramref name="xStride"/> bytes apart, each
    /// sub-block's levels looked up once for the 4. Each token's result is <see cref="Avx2Path{TDot}"/>'s bit for bit.
    /// </summary>
    public static void Dot4(byte* w, byte* x, long xStride, int n, float* y, long yStride)
    {
        if (AvxVnni.IsSupported) Dot4Path<VnniDot>(w, x, xStride, n, y, yStride);
        else if (Avx2.IsSupported) Dot4Path<MaddubsDot>(w, x, xStride, n, y, yStride);
        else DotKQuant4.Each(&Dot, w, x, xStride, n, y, yStride);
    }

    public static void Dot4Path<TDot>(byte* w, byte* x, long xStride, int n, float* y, long yStride) where TDot : struct, IByteDot
    {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int b = 0; b < n / IQ4_XSBlock.Elements; b++, w += IQ4_XSBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var sc = ScaleBytes(w);
            sbyte* y0 = (sbyte*)(x + Q8_KBlock.QsOffset), y1 = y0 + xStride, y2 = y1 + xStride, y3 = y2 + xStride;
            Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int j = 0; j < 8; j++)
            {
                var v = Blocks32.LevelsOf(w + IQ4_XSBlock.QsOffset + 16 * j);
                var u = Avx2.Abs(v);
                var k = Avx2.ConvertToVector256Int16(Ssse3.Shuffle(sc, Vector128.Create((sbyte)j)));
                int o = 32 * j;
                a0 = TDot.MulAdd(a0, u, Avx2.Sign(Vector256.Load(y0 + o), v), k);
                a1 = TDot.MulAdd(a1, u, Avx2.Sign(Vector256.Load(y1 + o), v), k);
                a2 = TDot.MulAdd(a2, u, Avx2.Sign(Vector256.Load(y2 + o), v), k);
                a3 = TDot.MulAdd(a3, u, Avx2.Sign(Vector256.Load(y3 + o), v), k);
            }
            var sums = KDot.Sum4(a0, a1, a2, a3);
            s0 += Finish(w, x, sums.GetElement(0));
            s1 += Finish(w, x + xStride, sums.GetElement(1));
            s2 += Finish(w, x + 2 * xStride, sums.GetElement(2));
            s3 += Finish(w, x + 3 * xStride, sums.GetElement(3));
        }
        y[0] = s0; y[yStride] = s1; y[2 * yStride] = s2; y[3 * yStride] = s3;
    }

    public static float Vector256Path(byte* w, byte* x, int n)
    {
        float sum = 0;
        for (int b = 0; b < n / IQ4_XSBlock.Elements; b++, w += IQ4_XSBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var block = new ReadOnlySpan<byte>(w, IQ4_XSBlock.Bytes);
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            var acc = Vector256<int>.Zero;
            for (int j = 0; j < 8; j++, y += 32)
            {
                var (vl, vh) = Vector256.Widen(Blocks32.LevelsOf(w + IQ4_XSBlock.QsOffset + 16 * j));
                var (yl, yh) = Vector256.Widen(Vector256.Load(y));
                var (p0, p1) = Vector256.Widen(vl * yl);
                var (p2, p3) = Vector256.Widen(vh * yh);
                acc += ((p0 + p1) + (p2 + p3)) * IQ4_XSBlock.SubScale(block, j);
            }
            sum += Finish(w, x, Vector256.Sum(acc));
        }
        return sum;
    }

    static float Finish(byte* w, byte* x, int sumi) => KDot.Half(w) * *(float*)x * sumi;
}
