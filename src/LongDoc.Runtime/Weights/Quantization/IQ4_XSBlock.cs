using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// IQ4_XS: super-blocks of 256 values in 8 sub-blocks of 32 with the IQ4_NL levels, x = d * (ls_j - 32) * level[q]
/// with a 6-bit ls_j per sub-block. Decode only; equal to ggml's dequantize_row_iq4_xs.
/// <code>
/// block_iq4_xs (136 bytes)
///   0  half  d            super-block scale
///   2  u16   scales_h     high 2 bits of ls_j at bits 2j, 2j + 1
///   4  u8    scales_l[4]  low 4 bits of ls_j in nibble j % 2 of byte j / 2
///   8  u8    qs[128]      16 bytes per sub-block: value i in the low nibble of byte i, value i + 16 in the high
/// </code>
/// </summary>
public static class IQ4_XSBlock
{
    public const int Elements = KQuantMath.SuperBlock;
    public const int Bytes = 2 + 2 + 4 + Elements / 2;
    public const int ScalesHOffset = 2;
    public const int ScalesLOffset = 4;
    public const int QsOffset = 8;

    /// <summary>ls_j - 32 of sub-block <paramref name="j"/> (0..7): a signed scale in [-32, 31].</summary>
    public static int SubScale(ReadOnlySpan<byte> block, int j)
    {
        int high = (BinaryPrimitives.ReadUInt16LittleEndian(block[ScalesHOffset..]) >> (2 * j)) & 3;
        int low = (block[ScalesLOffset + j / 2] >> (4 * (j % 2))) & 0xF;
        return (low | (high << 4)) - 32;
    }

    /// <summary>Dequantizes <paramref name="dst"/>.Length values (a multiple of 256) from <paramref name="src"/>.</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        if (dst.Length % Elements != 0) throw new ArgumentException($"IQ4_XS rows hold whole blocks of {Elements}; got {dst.Length} values");
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block));
            for (int j = 0; j < 8; j++)
            {
                float dl = d * SubScale(block, j);
                var q = block.Slice(QsOffset + 16 * j, 16);
                var y = dst.Slice(b * Elements + 32 * j, 32);
                for (int i = 0; i < 16; i++)
                {
                    y[i] = dl * IQ4_NLBlock.Levels[q[i] & 0xF];
                    y[i + 16] = dl * IQ4_NLBlock.Levels[q[i] >> 4];
                }
            }
        }
    }
}
