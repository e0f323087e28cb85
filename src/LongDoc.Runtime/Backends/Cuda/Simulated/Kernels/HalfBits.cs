namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>kernels/half_bits.cuh: bf16 by bit operations (round to nearest even, NaN stays NaN), f16 as the PTX cvt
/// instructions convert (exact widening; cvt.rn = round to nearest even, which System.Half's conversion is).</summary>
public static class HalfBits
{
    public static float Bf16ToF32(ushort h) => BitConverter.UInt32BitsToSingle((uint)h << 16);

    public static ushort Bf16FromF32(float f)
    {
        uint u = BitConverter.SingleToUInt32Bits(f);
        if ((u & 0x7fffffffu) > 0x7f800000u) return 0x7fc0;
        u += 0x7fffu + ((u >> 16) & 1u);
        return (ushort)(u >> 16);
    }

    public static float F16ToF32(ushort h) => (float)BitConverter.UInt16BitsToHalf(h);

    public static ushort F16FromF32(float f) => BitConverter.HalfToUInt16Bits((Half)f);

    /// <summary>A little-endian u16 at any byte address (quantized blocks are not 2-byte aligned).</summary>
    public static ushort LdU16(DevicePtr<byte> p, long at) => (ushort)(p[at] | (p[at + 1] << 8));

    /// <summary>fmaxf / fminf: a NaN operand loses to a number.</summary>
    public static float Fmax(float a, float b) => float.IsNaN(a) ? b : float.IsNaN(b) ? a : Math.Max(a, b);
    public static float Fmin(float a, float b) => float.IsNaN(a) ? b : float.IsNaN(b) ? a : Math.Min(a, b);

    public const float NegInf = float.NegativeInfinity;
}
