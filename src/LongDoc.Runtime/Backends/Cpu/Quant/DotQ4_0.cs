using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// Dot product of a Q4_0 weight row with Q8_0-quantized activations, as ggml_vec_dot_q4_0_q8_0: per 32-block an
/// exact integer sum of (q - 8) * y, scaled by d_w * d_x. Activations in the CPU backend's Q8_0 form (the same
/// as DotQ8_0 takes): qs int8 (n) and d (n / 32) f32, already f16-rounded.
/// w: n / 32 blocks of 18 bytes (Q4_0Block): f16 d, then 16 bytes with values j and j + 16 in the nibbles of byte j.
/// </summary>
internal static unsafe class DotQ4_0
{
    public static float Dot(byte* w, sbyte* xq, float* xd, int n)
    {
        if (AvxVnni.IsSupported) return Avx2Path<VnniDot>(w, xq, xd, n);
        if (Avx2.IsSupported) return Avx2Path<MaddubsDot>(w, xq, xd, n);
        if (Vector256.IsHardwareAccelerated) return Vector256Path(w, xq, xd, n);
        return Scalar(w, xq, xd, n);
    }

    public static float Scalar(byte* w, sbyte* xq, float* xd, int n)
    {
        float s = 0;
        for (int b = 0; b < n / Q4_0Block.Elements; b++, w += Q4_0Block.Bytes)
        {
            byte* q = w + 2;
            sbyte* y = xq + b * Q4_0Block.Elements;
            int sum = 0;
            for (int j = 0; j < 16; j++) sum += ((q[j] & 0xF) - 8) * y[j] + ((q[j] >> 4) - 8) * y[j + 16];
            s += sum * (KDot.Half(w) * xd[b]);
        }
        return s;
    }

    /// <summary>The 32 values of a block as int8 in [-8, 7], in value order (low nibbles, then high nibbles).</summary>
    static Vector256<sbyte> Unpack(byte* q)
    {
        var bytes = Vector128.Load(q);
        var low4 = Vector128.Create((byte)0xF);
        var u = Vector256.Create(bytes & low4, KDot.HighNibbles(bytes));
        return (u - Vector256.Create((byte)8)).AsSByte();
    }

    /// <summary>Avx2 (and AVX-VNNI through <typeparamref name="TDot"/>).</summary>
    public static float Avx2Path<TDot>(byte* w, sbyte* xq, float* xd, int n) where TDot : struct, IByteDot
    {
        float s = 0;
        for (int b = 0; b < n / Q4_0Block.Elements; b++, w += Q4_0Block.Bytes)
        {
            var v = Unpack(w + 2);
            // ggml's mul_sum_i8_pairs: |v| (unsigned) times y with v's sign moved onto it, so vpmaddubsw applies.
            var y = Vector256.Load(xq + b * Q4_0Block.Elements);
            int sum = Vector256.Sum(TDot.Dot(Avx2.Abs(v), Avx2.Sign(y, v)));
            s += sum * (KDot.Half(w) * xd[b]);
        }
        return s;
    }

    public static float Vector256Path(byte* w, sbyte* xq, float* xd, int n)
    {
        float s = 0;
        for (int b = 0; b < n / Q4_0Block.Elements; b++, w += Q4_0Block.Bytes)
        {
            var (vl, vh) = Vector256.Widen(Unpack(w + 2));
            var (yl, yh) = Vector256.Widen(Vector256.Load(xq + b * Q4_0Block.Elements));
            var (p0, p1) = Vector256.Widen(vl * yl);
            var (p2, p3) = Vector256.Widen(vh * yh);
            int sum = Vector256.Sum((p0 + p1) + (p2 + p3));
            s += sum * (KDot.Half(w) * xd[b]);
        }
        return s;
    }
}
