using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// Dot product of a Q2_K weight row with Q8_K activations, as ggml_vec_dot_q2_K_q8_K. Per 256-block:
///   d*dx * sum_j sc_j * sum_(i in j) q_i y_i  -  dmin*dx * sum_j m_j * bsums_j
/// (16 sub-blocks of 16; the min term from Q8_K's bsums). w: n / 256 blocks of 84 bytes (Q2_KBlock);
/// x: n / 256 blocks of 292 bytes (Q8_KBlock).
/// </summary>
internal static unsafe class DotQ2_K
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
        for (int b = 0; b < n / Q2_KBlock.Elements; b++, w += Q2_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            byte* sc = w + Q2_KBlock.ScalesOffset;
            byte* q = w + Q2_KBlock.QsOffset;
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            int sumi = 0;
            for (int i = 0; i < Q2_KBlock.Elements; i++)
                sumi += (sc[i / 16] & 0xF) * ((q[i / 128 * 32 + i % 32] >> (2 * (i % 128 / 32))) & 3) * y[i];
            sum += Finish(w, x, sumi, MinsDotScalar(w, x));
        }
        return sum;
    }

    /// <summary>Avx2 (and AVX-VNNI through <typeparamref name="TDot"/>).</summary>
    public static float Avx2Path<TDot>(byte* w, byte* x, int n) where TDot : struct, IByteDot
    {
        float sum = 0;
        var three = Vector256.Create((byte)3);
        for (int b = 0; b < n / Q2_KBlock.Elements; b++, w += Q2_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            byte* sc = w + Q2_KBlock.ScalesOffset;
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            var acc = Vector256<int>.Zero;
            for (int h = 0; h < 2; h++)
            {
                var q2 = Vector256.Load(w + Q2_KBlock.QsOffset + 32 * h);
                for (int s = 0; s < 4; s++, y += 32, sc += 2)
                {
                    var u = (q2.AsUInt16() >>> (2 * s)).AsByte() & three;
                    acc = TDot.MulAdd(acc, u, Vector256.Load(y), KDot.Scales16(sc[0] & 0xF, sc[1] & 0xF));
                }
            }
            var mins = Avx2.ConvertToVector256Int16(KDot.HighNibbles(Vector128.Load(w + Q2_KBlock.ScalesOffset)));
            int sumMins = Vector256.Sum(Avx2.MultiplyAddAdjacent(Vector256.Load((short*)(x + Q8_KBlock.BsumsOffset)), mins));
            sum += Finish(w, x, Vector256.Sum(acc), sumMins);
        }
        return sum;
    }

    public static float Vector256Path(byte* w, byte* x, int n)
    {
        float sum = 0;
        var three = Vector256.Create((byte)3);
        for (int b = 0; b < n / Q2_KBlock.Elements; b++, w += Q2_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            byte* sc = w + Q2_KBlock.ScalesOffset;
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            var acc = Vector256<int>.Zero;
            for (int h = 0; h < 2; h++)
            {
                var q2 = Vector256.Load(w + Q2_KBlock.QsOffset + 32 * h);
                for (int s = 0; s < 4; s++, y += 32, sc += 2)
                {
                    var u = (q2.AsUInt16() >>> (2 * s)).AsByte() & three;
                    acc += KDot.MulAddPortable(u, Vector256.Load(y), sc[0] & 0xF, sc[1] & 0xF);
                }
            }
            sum += Finish(w, x, Vector256.Sum(acc), MinsDotScalar(w, x));
        }
        return sum;
    }

    /// <summary>sum_j bsums[j] * m_j over the 16 sub-blocks.</summary>
    static int MinsDotScalar(byte* w, byte* x)
    {
        short* bsums = (short*)(x + Q8_KBlock.BsumsOffset);
        int s = 0;
        for (int j = 0; j < 16; j++) s += bsums[j] * (w[Q2_KBlock.ScalesOffset + j] >> 4);
        return s;
    }

    static float Finish(byte* w, byte* x, int sumi, int sumMins)
    {
        float dx = *(float*)x;
        return dx * KDot.Half(w + Q2_KBlock.DOffset) * sumi - dx * KDot.Half(w + Q2_KBlock.DOffset + 2) * sumMins;
    }
}
