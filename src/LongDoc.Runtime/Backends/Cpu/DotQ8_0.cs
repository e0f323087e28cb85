using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Dot product of a Q8_0 weight row with Q8_0-quantized activations, as llama.cpp's ggml_vec_dot_q8_0_q8_0:
/// per 32-block an exact integer sum, scaled by d_w * d_x and summed in f32. Quantizing the activations the
/// way llama.cpp does keeps us within float rounding of it, and int8 products are cheaper than f32 ones.
/// Weight block (34 bytes): f16 d, then 32 int8. Activations: qs (n) int8 and d (n/32) f32 (already f16-rounded).
/// </summary>
internal static unsafe class DotQ8_0
{
    public const int Block = 32;
    public const int BlockBytes = 34;

    public static float Dot(byte* w, sbyte* xq, float* xd, int n)
    {
        if (Avx512BW.IsSupported) return Vector512Path(w, xq, xd, n);
        if (Avx2.IsSupported) return Vector256Path(w, xq, xd, n);
        if (Vector128.IsHardwareAccelerated) return Vector128Path(w, xq, xd, n);
        return Scalar(w, xq, xd, n);
    }

    public static float Scalar(byte* w, sbyte* xq, float* xd, int n)
    {
        var table = HalfBits.F16ToF32;
        float s = 0;
        for (int b = 0; b < n / Block; b++, w += BlockBytes)
        {
            sbyte* wq = (sbyte*)(w + 2);
            sbyte* q = xq + b * Block;
            int sum = 0;
            for (int i = 0; i < Block; i++) sum += wq[i] * q[i];
            s += sum * (table[*(ushort*)w] * xd[b]);
        }
        return s;
    }

    public static float Vector512Path(byte* w, sbyte* xq, float* xd, int n)
    {
        var table = HalfBits.F16ToF32;
        var acc = Vector512<float>.Zero;
        for (int b = 0; b < n / Block; b++, w += BlockBytes)
        {
            var wq = Vector512.WidenLower(Vector256.Load((sbyte*)(w + 2)).ToVector512Unsafe());   // (32) int16
            var q = Vector512.WidenLower(Vector256.Load(xq + b * Block).ToVector512Unsafe());
            var sums = Avx512BW.MultiplyAddAdjacent(wq, q);                                         // (16) int32
            acc = Vector512.FusedMultiplyAdd(Vector512.ConvertToSingle(sums), Vector512.Create(table[*(ushort*)w] * xd[b]), acc);
        }
        return Vector512.Sum(acc);
    }

    public static float Vector256Path(byte* w, sbyte* xq, float* xd, int n)
    {
        var table = HalfBits.F16ToF32;
        var acc = Vector256<float>.Zero;
        for (int b = 0; b < n / Block; b++, w += BlockBytes)
        {
            sbyte* wq = (sbyte*)(w + 2);
            sbyte* q = xq + b * Block;
            var lo = Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.Load(wq)), Avx2.ConvertToVector256Int16(Vector128.Load(q)));
            var hi = Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.Load(wq + 16)), Avx2.ConvertToVector256Int16(Vector128.Load(q + 16)));
            acc = Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(lo + hi), Vector256.Create(table[*(ushort*)w] * xd[b]), acc);
        }
        return Vector256.Sum(acc);
    }

    public static float Vector128Path(byte* w, sbyte* xq, float* xd, int n)
    {
        var table = HalfBits.F16ToF32;
        float s = 0;
        for (int b = 0; b < n / Block; b++, w += BlockBytes)
        {
            sbyte* wq = (sbyte*)(w + 2);
            sbyte* q = xq + b * Block;
            var sum = Vector128<int>.Zero;
            for (int i = 0; i < Block; i += 16)
            {
                var (wl, wh) = Vector128.Widen(Vector128.Load(wq + i));
                var (ql, qh) = Vector128.Widen(Vector128.Load(q + i));
                var p0 = Vector128.Widen(wl * ql); // |w*q| <= 16384 fits int16
                var p1 = Vector128.Widen(wh * qh);
                sum += p0.Lower + p0.Upper + p1.Lower + p1.Upper;
            }
            s += Vector128.Sum(sum) * (table[*(ushort*)w] * xd[b]);
        }
        return s;
    }
}
