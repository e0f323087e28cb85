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

    /// <summary>Avx2: acc plus group s of half h against 32 activations: 8 int32 partial sums, scaled by the pair in <paramref name="k"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> Group<TDot>(Vector256<int> acc, Vector256<byte> q, Vector256<byte> hmask, [ConstantExpected] int h, [ConstantExpected] int s, sbyte* y, Vector256<short> k)
        where TDot : struct, IByteDot
    {
        var v = Values(q, hmask, h, s);
        // |v| <= 4 (unsigned) times y with v's sign moved onto it, so vpmaddubsw applies.
        return TDot.MulAdd(acc, Avx2.Abs(v), Avx2.Sign(Vector256.Load(y), v), k);
    }

    /// <summary>Avx2 (and AVX-VNNI through <typeparamref name="TDot"/>): two accumulator chains, one per half-block.</summary>
    public static float Avx2Path<TDot>(byte* w, byte* x, int n) where TDot : struct, IByteDot
    {
        float sum = 0;
        for (int b = 0; b < n / Q3_KBlock.Elements; b++, w += Q3_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var sc = ScaleBytes(w);
            var hmask = Vector256.Load(w + Q3_KBlock.HmaskOffset);
            var q0 = Vector256.Load(w + Q3_KBlock.QsOffset);
            var q1 = Vector256.Load(w + Q3_KBlock.QsOffset + 32);
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            var first = Group<TDot>(default, q0, hmask, 0, 0, y, KDot.ScalePair(sc, 0, 1));
            var second = Group<TDot>(default, q1, hmask, 1, 0, y + 128, KDot.ScalePair(sc, 8, 9));
            first = Group<TDot>(first, q0, hmask, 0, 1, y + 32, KDot.ScalePair(sc, 2, 3));
            second = Group<TDot>(second, q1, hmask, 1, 1, y + 160, KDot.ScalePair(sc, 10, 11));
            first = Group<TDot>(first, q0, hmask, 0, 2, y + 64, KDot.ScalePair(sc, 4, 5));
            second = Group<TDot>(second, q1, hmask, 1, 2, y + 192, KDot.ScalePair(sc, 12, 13));
            first = Group<TDot>(first, q0, hmask, 0, 3, y + 96, KDot.ScalePair(sc, 6, 7));
            second = Group<TDot>(second, q1, hmask, 1, 3, y + 224, KDot.ScalePair(sc, 14, 15));
            sum += Finish(w, x, Vector256.Sum(first + second));
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
