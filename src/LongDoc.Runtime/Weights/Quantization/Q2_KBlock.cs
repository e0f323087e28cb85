using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// Q2_K: super-blocks of 256 values in 16 sub-blocks of 16; sub-block j has a 4-bit scale sc_j and min m_j, and
/// x = d * sc_j * q - dmin * m_j with q in [0, 3]. Decode only; equal to ggml's dequantize_row_q2_K.
/// <code>
/// block_q2_K (84 bytes)
///   0  u8    scales[16]  sc_j in the low nibble of byte j, m_j in the high nibble
///  16  u8    qs[64]      2 halves of 32 bytes; in half h, bits 2s..2s+1 of byte l hold value 128h + 32s + l
///  80  half  d           super-block scale of the scales
///  82  half  dmin        super-block scale of the mins
/// </code>
/// Sub-block j covers values 16j .. 16j + 15, so Q8_K's bsums[j] pairs with m_j.
/// </summary>
public static class Q2_KBlock
{
    public const int Elements = KQuantMath.SuperBlock;
    public const int Bytes = 16 + Elements / 4 + 4;
    public const int ScalesOffset = 0;
    public const int QsOffset = 16;
    public const int DOffset = 80;

    /// <summary>The 2-bit value i (0..255) of a block.</summary>
    public static int Value(ReadOnlySpan<byte> block, int i) => (block[QsOffset + i / 128 * 32 + i % 32] >> (2 * (i % 128 / 32))) & 3;

    /// <summary>Dequantizes <paramref name="dst"/>.Length values (a multiple of 256) from <paramref name="src"/>.</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        if (dst.Length % Elements != 0) throw new ArgumentException($"Q2_K rows hold whole blocks of {Elements}; got {dst.Length} values");
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block[DOffset..]));
            float min = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block[(DOffset + 2)..]));
            for (int j = 0; j < 16; j++)
            {
                byte sc = block[ScalesOffset + j];
                float dl = d * (sc & 0xF), ml = min * (sc >> 4);
                for (int i = 16 * j; i < 16 * j + 16; i++) dst[b * Elements + i] = dl * Value(block, i) - ml;
            }
        }
    }
}
