using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// Dot product of a Q3_K weight row with Q8_K activations, as ggml_vec_dot_q3_K_q8_K. Per 256-block:
///   d*dx * sum_j (sc_j - 32) * sum_(i in j) q_i y_i,   q_i = low2_i - (hmask bit of i ? 0 : 4) in [-4, 3]
/// (16 sub-blocks of 16). w: n / 256 blocks of 110 bytes (Q3_KBlock); x: n / 256 blocks of 292 bytes (Q8_KBlock).
/// </summary>
internal static unsafe class DotQ3_K
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
        for (int b = 0; b < n / Q3_KBlock.Elements; b++, w += Q3_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var block = new ReadOnlySpan<byte>(w, Q3_KBlock.Bytes);
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            int sumi = 0;
            for (int i = 0; i < Q3_KBlock.Elements; i++) sumi += Q3_KBlock.SubScale(block, i / 16) * Q3_KBlock.Value(block, i) * y[i];
            sum += Finish(w, x, sumi);
        }
        return sum;
    }

    /// <summary>The 32 signed values of group s (0..3) of half h: low 2 bits at shift 2s, minus 4 where hmask bit 4h + s is clear.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<sbyte> Values(Vector256<byte> q, Vector256<byte> hmask, int h, int s)
    {
        var low = (q.AsUInt16() >>> (2 * s)).AsByte() & Vector256.Create((byte)3);
        var clear = Vector256.Equals(hmask & Vector256.Create((byte)(1 << (4 * h + s))), Vector256<byte>.Zero);
        return (low - (clear & Vector256.Create((byte)4))).AsSByte();
    }

    /// <summary>The 16 scales sc_j - 32 as they are packed in the 12 bytes (Q3_KBlock.SubScale).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Scales(byte* w, int* sc)
    {
        var block = new ReadOnlySpan<byte>(w, Q3_KBlock.Bytes);
        for (int j = 0; j < 16; j++) sc[j] = Q3_KBlock.SubScale(block, j);
    }

    /// <summary>The 16 scales sc_j - 32 as bytes in order, from the three packed u32 words (ggml's kmask shuffle).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<sbyte> ScaleBytes(byte* w)
    {
        const uint Low4 = 0x0f0f0f0f, Low2 = 0x03030303;
        uint* a = (uint*)(w + Q3_KBlock.ScalesOffset);
        uint a0 = a[0], a1 = a[1], a2 = a[2];
        var bytes = Vector128.Create(
            (a0 & Low4) | ((a2 & Low2) << 4), (a1 & Low4) | (((a2 >> 2) & Low2) << 4),
            ((a0 >> 4) & Low4) | (((a2 >> 4) & Low2) << 4), ((a1 >> 4) & Low4) | (((a2 >> 6) & Low2) << 4)).AsSByte();
        return bytes - Vector128.Create((sbyte)32);
    }

    /// <summary>
    /// Avx2: the 32 values of group s (0..3) of half h plus 4, in [0, 7]: the low 2 bits at shift 2s, and hmask bit
    /// 4h + s moved to bit 2 (16-bit lane shifts; the bits they carry over from the next byte are masked off).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<byte> Unsigned(Vector256<byte> q, Vector256<byte> hmask, [ConstantExpected] int h, [ConstantExpected] int s)
    {
        var low = (q.AsUInt16() >>> (2 * s)).AsByte() & Vector256.Create((byte)3);
        int bit = 4 * h + s;
        var high = (bit >= 2 ? hmask.AsUInt16() >>> (bit - 2) : hmask.AsUInt16() << (2 - bit)).AsByte();
        return low | (high & Vector256.Create((byte)4));
    }

    /// <summary>
    /// Avx2: the scale pair of sub-blocks j and j + 1 (j even; j % 8 within the 8 int16 scales that both 128-bit lanes
    /// of <paramref name="scales8"/> hold) as <see cref="IByteDot.MulAdd"/> wants it: one vpshufb, no widening per
    /// group (Q3_K, Q6_K).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<short> Pair(Vector256<short> scales8, int j)
    {
        byte a = (byte)(2 * (j % 8)), b = (byte)(a + 2);
        var index = Vector256.Create(a, (byte)(a + 1), a, (byte)(a + 1), a, (byte)(a + 1), a, (byte)(a + 1), a, (byte)(a + 1), a, (byte)(a + 1), a, (byte)(a + 1), a, (byte)(a + 1),
            b, (byte)(b + 1), b, (byte)(b + 1), b, (byte)(b + 1), b, (byte)(b + 1), b, (byte)(b + 1), b, (byte)(b + 1), b, (byte)(b + 1), b, (byte)(b + 1));
        return Avx2.Shuffle(scales8.AsByte(), index).AsInt16();
    }

    /// <summary>Avx2: acc plus group s of half h (values plus 4, unsigned) against its 32 activations, scaled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> Group<TDot>(Vector256<int> acc, Vector256<byte> q, Vector256<byte> hmask, [ConstantExpected] int h, [ConstantExpected] int s, sbyte* y, Vector256<short> scales8)
        where TDot : struct, IByteDot =>
        TDot.MulAdd(acc, Unsigned(q, hmask, h, s), Vector256.Load(y + 128 * h + 32 * s), Pair(scales8, 8 * h + 2 * s));

    /// <summary>
    /// Avx2 (and AVX-VNNI through <typeparamref name="TDot"/>), as Q6_K's: the values plus 4 (unsigned, so vpmaddubsw
    /// takes them as they are, no sign moved onto the activations), and the 4 * sum_j sc_j * bsums_j this adds taken off
    /// once per block from Q8_K's block sums. Integer throughout, so the block sum equals the scalar reference's.
    /// </summary>
    public static float Avx2Path<TDot>(byte* w, byte* x, int n) where TDot : struct, IByteDot
    {
        float sum = 0;
        for (int b = 0; b < n / Q3_KBlock.Elements; b++, w += Q3_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var all = Avx2.ConvertToVector256Int16(ScaleBytes(w));
            var low8 = Avx2.Permute2x128(all, all, 0x00);
            var high8 = Avx2.Permute2x128(all, all, 0x11);
            var hmask = Vector256.Load(w + Q3_KBlock.HmaskOffset);
            var q0 = Vector256.Load(w + Q3_KBlock.QsOffset);
            var q1 = Vector256.Load(w + Q3_KBlock.QsOffset + 32);
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            var first = Group<TDot>(default, q0, hmask, 0, 0, y, low8);
            var second = Group<TDot>(default, q1, hmask, 1, 0, y, high8);
            first = Group<TDot>(first, q0, hmask, 0, 1, y, low8);
            second = Group<TDot>(second, q1, hmask, 1, 1, y, high8);
            first = Group<TDot>(first, q0, hmask, 0, 2, y, low8);
            second = Group<TDot>(second, q1, hmask, 1, 2, y, high8);
            first = Group<TDot>(first, q0, hmask, 0, 3, y, low8);
            second = Group<TDot>(second, q1, hmask, 1, 3, y, high8);
            var offset = Avx2.MultiplyAddAdjacent(all, Vector256.Load((short*)(x + Q8_KBlock.BsumsOffset))) << 2;
            sum += Finish(w, x, Vector256.Sum(first + second - offset));
        }
        return sum;
    }

    /// <summary>
    /// Prefill form (QuantDot.Dot4): one row against 4 tokens' Q8_K rows <paramref name="xStride"/> bytes apart, each
    /// group's values and scales unpacked once for the 4. Each token's result is <see cref="Avx2Path{TDot}"/>'s bit for bit.
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
        for (int b = 0; b < n / Q3_KBlock.Elements; b++, w += Q3_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var sc = ScaleBytes(w);
            var hmask = Vector256.Load(w + Q3_KBlock.HmaskOffset);
            sbyte* y0 = (sbyte*)(x + Q8_KBlock.QsOffset), y1 = y0 + xStride, y2 = y1 + xStride, y3 = y2 + xStride;
            Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int h = 0; h < 2; h++)
            {
                var q = Vector256.Load(w + Q3_KBlock.QsOffset + 32 * h);
                for (int s = 0; s < 4; s++)
                {
                    var v = Values(q, hmask, h, s);
                    var u = Avx2.Abs(v);
                    int j = 8 * h + 2 * s, o = 128 * h + 32 * s;
                    var k = Avx2.ConvertToVector256Int16(Ssse3.Shuffle(sc, (Vector128.Create((byte)j) + PairStep).AsSByte()));
                    a0 = TDot.MulAdd(a0, u, Avx2.Sign(Vector256.Load(y0 + o), v), k);
                    a1 = TDot.MulAdd(a1, u, Avx2.Sign(Vector256.Load(y1 + o), v), k);
                    a2 = TDot.MulAdd(a2, u, Avx2.Sign(Vector256.Load(y2 + o), v), k);
                    a3 = TDot.MulAdd(a3, u, Avx2.Sign(Vector256.Load(y3 + o), v), k);
                }
            }
            var sums = KDot.Sum4(a0, a1, a2, a3);
            s0 += Finish(w, x, sums.GetElement(0));
            s1 += Finish(w, x + xStride, sums.GetElement(1));
            s2 += Finish(w, x + 2 * xStride, sums.GetElement(2));
            s3 += Finish(w, x + 3 * xStride, sums.GetElement(3));
        }
        y[0] = s0; y[yStride] = s1; y[2 * yStride] = s2; y[3 * yStride] = s3;
    }

    /// <summary>Shuffle indexes j (lanes 0-7) and j + 1 (lanes 8-15) minus j: a scale pair's shuffle is j broadcast plus this.</summary>
    static readonly Vector128<byte> PairStep = Vector128.Create((byte)0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);

    public static float Vector256Path(byte* w, byte* x, int n)
    {
        float sum = 0;
        int* sc = stackalloc int[16];
        for (int b = 0; b < n / Q3_KBlock.Elements; b++, w += Q3_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            Scales(w, sc);
            var hmask = Vector256.Load(w + Q3_KBlock.HmaskOffset);
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            var acc = Vector256<int>.Zero;
            for (int h = 0; h < 2; h++)
            {
                var q = Vector256.Load(w + Q3_KBlock.QsOffset + 32 * h);
                for (int s = 0; s < 4; s++, y += 32)
                {
                    var (vl, vh) = Vector256.Widen(Values(q, hmask, h, s));
                    var (yl, yh) = Vector256.Widen(Vector256.Load(y));
                    var (p0, p1) = Vector256.Widen(vl * yl);
                    var (p2, p3) = Vector256.Widen(vh * yh);
                    int j = 8 * h + 2 * s;
                    acc += (p0 + p1) * sc[j] + (p2 + p3) * sc[j + 1];
                }
            }
            sum += Finish(w, x, Vector256.Sum(acc));
        }
        return sum;
    }

    static float Finish(byte* w, byte* x, int sumi) => KDot.Half(w + Q3_KBlock.DOffset) * *(float*)x * sumi;
}
