using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// Scalar f16 / bf16 <-> f32 conversions, bit-exact with ggml's reference (ggml_fp32_to_bf16 rounds to nearest
/// even and keeps NaN quiet; f16 uses IEEE round-to-nearest-even, as System.Half does). Little-endian bytes.
/// </summary>
public static class HalfConvert
{
    public static float HalfToSingle(ushort bits) => (float)BitConverter.UInt16BitsToHalf(bits);
    public static ushort SingleToHalf(float x) => BitConverter.HalfToUInt16Bits((Half)x);

    public static float BFloat16ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    public static ushort SingleToBFloat16(float x)
    {
        uint u = BitConverter.SingleToUInt32Bits(x);
        if ((u & 0x7fffffff) > 0x7f800000) return (ushort)((u >> 16) | 64); // NaN: force quiet
        return (ushort)((u + (0x7fff + ((u >> 16) & 1))) >> 16);
    }

    /// <summary>Decodes <paramref name="dst"/>.Length values stored as little-endian f16.</summary>
    public static void HalfToSingle(ReadOnlySpan<byte> src, Span<float> dst)
    {
        for (int i = 0; i < dst.Length; i++) dst[i] = HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]));
    }

    public static void BFloat16ToSingle(ReadOnlySpan<byte> src, Span<float> dst)
    {
        for (int i = 0; i < dst.Length; i++) dst[i] = BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]));
    }

    public static void SingleToHalf(ReadOnlySpan<float> src, Span<byte> dst)
    {
        for (int i = 0; i < src.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(dst[(2 * i)..], SingleToHalf(src[i]));
    }

    public static void SingleToBFloat16(ReadOnlySpan<float> src, Span<byte> dst)
    {
        for (int i = 0; i < src.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(dst[(2 * i)..], SingleToBFloat16(src[i]));
    }
}
