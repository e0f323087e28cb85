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
        if (Avx2.IsSupported) return Avx2Path(w, x, n);
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

    public static float Avx2Path(byte* w, byte* x, int n)
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
                    var v = Values(q, hmask, h, s);
                    // |v| <= 4 (unsigned) times y with v's sign moved onto it, so vpmaddubsw applies.
                    int j = 8 * h + 2 * s;
                    acc += KDot.MulAddAvx2(Avx2.Abs(v), Avx2.Sign(Vector256.Load(y), v), KDot.Scales16(sc[j], sc[j + 1]));
                }
            }
            sum += Finish(w, x, Vector256.Sum(acc));
        }
        return sum;
    }

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
