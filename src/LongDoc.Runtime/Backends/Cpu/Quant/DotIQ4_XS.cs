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
        if (Avx2.IsSupported) return Avx2Path(w, x, n);
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

    public static float Avx2Path(byte* w, byte* x, int n)
    {
        float sum = 0;
        for (int b = 0; b < n / IQ4_XSBlock.Elements; b++, w += IQ4_XSBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var block = new ReadOnlySpan<byte>(w, IQ4_XSBlock.Bytes);
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            var acc = Vector256<int>.Zero;
            for (int j = 0; j < 8; j++, y += 32)
            {
                var v = Blocks32.LevelsOf(w + IQ4_XSBlock.QsOffset + 16 * j);
                // |level| <= 127 and |y| <= 127: the int16 pair sums stay below 32767.
                acc += KDot.MulAddAvx2(Avx2.Abs(v), Avx2.Sign(Vector256.Load(y), v), Vector256.Create((short)IQ4_XSBlock.SubScale(block, j)));
            }
            sum += Finish(w, x, Vector256.Sum(acc));
        }
        return sum;
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
