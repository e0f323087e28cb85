using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// Q3_K: super-blocks of 256 values in 16 sub-blocks of 16, x = d * (sc_j - 32) * q with q in [-4, 3] and a 6-bit
/// sc_j per sub-block. Decode only; equal to ggml's dequantize_row_q3_K.
/// <code>
/// block_q3_K (110 bytes)
///   0  u8    hmask[32]   bit k of byte l: set unless value 32k + l is below 0 (q = low2 - (bit ? 0 : 4))
///  32  u8    qs[64]      low 2 bits, laid out as Q2_K's qs
///  96  u8    scales[12]  sc_j: low 4 bits in the low (j &lt; 8) or high (j >= 8) nibble of byte j % 8,
///                        high 2 bits at bits 2 (j / 4) of byte 8 + j % 4
/// 108  half  d           super-block scale
/// </code>
/// </summary>
public static class Q3_KBlock
{
    public const int Elements = KQuantMath.SuperBlock;
    public const int Bytes = 32 + Elements / 4 + 12 + 2;
    public const int HmaskOffset = 0;
    public const int QsOffset = 32;
    public const int ScalesOffset = 96;
    public const int DOffset = 108;

    /// <summary>sc_j - 32 of sub-block <paramref name="j"/> (0..15), in [-32, 31].</summary>
    public static int SubScale(ReadOnlySpan<byte> block, int j)
    {
        var s = block.Slice(ScalesOffset, 12);
        int low = j < 8 ? s[j] & 0xF : s[j - 8] >> 4;
        int high = (s[8 + j % 4] >> (2 * (j / 4))) & 3;
        return (low | (high << 4)) - 32;
    }

    /// <summary>The signed 3-bit value i (0..255), in [-4, 3].</summary>
    public static int Value(ReadOnlySpan<byte> block, int i)
    {
        int low = (block[QsOffset + i / 128 * 32 + i % 32] >> (2 * (i % 128 / 32))) & 3;
        bool high = ((block[HmaskOffset + i % 32] >> (i / 32)) & 1) != 0;
        return high ? low : low - 4;
    }

    /// <summary>Dequantizes <paramref name="dst"/>.Length values (a multiple of 256) from <paramref name="src"/>.</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        if (dst.Length % Elements != 0) throw new ArgumentException($"Q3_K rows hold whole blocks of {Elements}; got {dst.Length} values");
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block[DOffset..]));
            for (int j = 0; j < 16; j++)
            {
                float dl = d * SubScale(block, j);
                for (int i = 16 * j; i < 16 * j + 16; i++) dst[b * Elements + i] = dl * Value(block, i);
            }
        }
    }
}
