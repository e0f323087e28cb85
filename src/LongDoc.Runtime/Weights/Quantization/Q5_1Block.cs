using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// Q5_1: blocks of 32 values, x = q * d + m with q in [0, 31], bits laid out as Q5_0. Scalar reference, equal to
/// ggml's quantize_row_q5_1_ref / dequantize_row_q5_1.
/// <code>
/// block_q5_1 (24 bytes)
///   0  half  d         scale
///   2  half  m         minimum (the value of q = 0)
///   4  u32   qh        bit i: the fifth bit of value i
///   8  u8    qs[16]    low 4 bits, as Q5_0
/// </code>
/// </summary>
public static class Q5_1Block
{
    public const int Elements = 32;
    public const int Bytes = 4 + 4 + Elements / 2;
    public const int QhOffset = 4;
    public const int QsOffset = 8;

    /// <summary>Quantizes <paramref name="x"/> (a multiple of 32 values) into <paramref name="dst"/> (x.Length / 32 * 24 bytes).</summary>
    public static void QuantizeRow(ReadOnlySpan<float> x, Span<byte> dst)
    {
        LegacyBlocks.CheckRow("Q5_1", x.Length, dst.Length, Bytes);
        Span<byte> q = stackalloc byte[Elements];
        for (int b = 0; b < x.Length / Elements; b++)
        {
            var block = x.Slice(b * Elements, Elements);
            var o = dst.Slice(b * Bytes, Bytes);
            var (min, d, id) = LegacyBlocks.MinScale(block, 31);
            BinaryPrimitives.WriteUInt16LittleEndian(o, HalfConvert.SingleToHalf(d));
            BinaryPrimitives.WriteUInt16LittleEndian(o[2..], HalfConvert.SingleToHalf(min));
            for (int i = 0; i < Elements; i++) q[i] = (byte)(int)((block[i] - min) * id + 0.5f); // C: (uint8_t)(v + 0.5f), no clamp
            LegacyBlocks.Pack5(q, o[QhOffset..], o[QsOffset..]);
        }
    }

    /// <summary>Dequantizes <paramref name="dst"/>.Length values (a multiple of 32) from <paramref name="src"/>.</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        LegacyBlocks.CheckRow("Q5_1", dst.Length, src.Length, Bytes);
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block));
            float m = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block[2..]));
            for (int i = 0; i < Elements; i++) dst[b * Elements + i] = LegacyBlocks.Value5(block[QhOffset..], block[QsOffset..], i) * d + m;
        }
    }
}
