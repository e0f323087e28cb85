using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// f16 and bf16 to f32 without hardware conversion instructions (.NET exposes no vcvtph2ps).
/// f16: sign-extend the 16 bits to 32, shift left 13 and mask 0x8FFFE000 -> sign | exponent | mantissa in f32
/// position with the exponent still biased by 15; multiplying by 2^112 rebiases it to 127 and handles
/// subnormals exactly. Inf and NaN come out as large finite values; weights and caches hold neither.
/// bf16: the upper half of an f32, a shift.
/// </summary>
internal static unsafe class HalfBits
{
    const float Rebias = 5.192297e33f; // 2^112
    const int Mask = unchecked((int)0x8FFFE000);

    /// <summary>Every f16 bit pattern to f32 (256 KiB), for scalar paths and block scales, as ggml's table.</summary>
    public static readonly float[] F16ToF32 = BuildTable();

    static float[] BuildTable()
    {
        var t = new float[65536];
        for (int i = 0; i < t.Length; i++) t[i] = (float)BitConverter.UInt16BitsToHalf((ushort)i);
        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> F16x16(ushort* p)
    {
        var wide = Vector512.WidenLower(Vector256.Load((short*)p).ToVector512Unsafe());
        return (Vector512.ShiftLeft(wide, 13) & Vector512.Create(Mask)).AsSingle() * Vector512.Create(Rebias);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> F16x8(ushort* p)
    {
        var wide = Vector256.WidenLower(Vector128.Load((short*)p).ToVector256Unsafe());
        return (Vector256.ShiftLeft(wide, 13) & Vector256.Create(Mask)).AsSingle() * Vector256.Create(Rebias);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> F16x4(ushort* p)
    {
        var wide = Vector128.WidenLower(Vector128.CreateScalarUnsafe(*(long*)p).AsInt16());
        return (Vector128.ShiftLeft(wide, 13) & Vector128.Create(Mask)).AsSingle() * Vector128.Create(Rebias);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Bf16x16(ushort* p) =>
        Vector512.ShiftLeft(Vector512.WidenLower(Vector256.Load(p).ToVector512Unsafe()), 16).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Bf16x8(ushort* p) =>
        Vector256.ShiftLeft(Vector256.WidenLower(Vector128.Load(p).ToVector256Unsafe()), 16).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Bf16x4(ushort* p) =>
        Vector128.ShiftLeft(Vector128.WidenLower(Vector128.CreateScalarUnsafe(*(long*)p).AsUInt16()), 16).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Bf16(ushort b) => BitConverter.Int32BitsToSingle(b << 16);

    /// <summary>f32 -> bf16 with round-to-nearest-even, as ggml's GGML_FP32_TO_BF16 (NaN kept quiet).</summary>
    public static ushort ToBf16(float f)
    {
        uint u = BitConverter.SingleToUInt32Bits(f);
        if ((u & 0x7fffffff) > 0x7f800000) return (ushort)((u >> 16) | 64);
        return (ushort)((u + (0x7fff + ((u >> 16) & 1))) >> 16);
    }
}
