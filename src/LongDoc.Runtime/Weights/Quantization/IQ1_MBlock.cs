using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// IQ1_M (1.75 bits per weight): super-blocks of 256 values in 8 groups of 32, with no stored f16 field: the 16 bits
/// of d sit in the top nibbles of the 4 scale words. A group is 4 entries of <see cref="IQGrids.IQ1S"/> indexed with
/// 11 bits, each entry with its own delta sign, and each 16 values a 3-bit scale s: x = d * (1 + 2 s) * (grid + delta),
/// delta = -0.125 where the entry's sign bit is set, else 0.125. Decode only; equal to ggml's dequantize_row_iq1_m.
/// <code>
/// block_iq1_m (56 bytes)
///   0  u8   qs[32]     low 8 index bits of entry l of group g at 4g + l
///  32  u8   qh[16]     byte 2g + l / 2: index bits 8..10 of entry l in bits 4 (l % 2) .. 4 (l % 2) + 2, its delta sign in bit 4 (l % 2) + 3
///  48  u16  sc[4]      word g / 2: s of group g's first 16 values at bits 6 (g % 2), of its last 16 at 6 (g % 2) + 3;
///                      bits 12..15 of word k are bits 4k .. 4k + 3 of d's f16
/// </code>
/// </summary>
public static class IQ1_MBlock
{
    public const int Elements = KQuantMath.SuperBlock;
    public const int Bytes = Elements / 8 + Elements / 16 + Elements / 32;
    public const int QhOffset = Elements / 8;
    public const int ScalesOffset = QhOffset + Elements / 16;

    static int Sc(ReadOnlySpan<byte> block, int k) => BinaryPrimitives.ReadUInt16LittleEndian(block[(ScalesOffset + 2 * k)..]);

    /// <summary>The f16 bits of d, gathered from the top nibbles of the scale words.</summary>
    public static ushort DBits(ReadOnlySpan<byte> block) =>
        (ushort)((Sc(block, 0) >> 12) | ((Sc(block, 1) >> 8) & 0x00F0) | ((Sc(block, 2) >> 4) & 0x0F00) | (Sc(block, 3) & 0xF000));

    /// <summary>1 + 2 s for half <paramref name="h"/> (0: values 0..15, 1: 16..31) of group <paramref name="g"/>.</summary>
    public static int Scale(ReadOnlySpan<byte> block, int g, int h) => 2 * ((Sc(block, g / 2) >> (6 * (g % 2) + 3 * h)) & 7) + 1;

    /// <summary>Grid index of entry <paramref name="l"/> (0..3) of group <paramref name="g"/>.</summary>
    public static int Index(ReadOnlySpan<byte> block, int g, int l) =>
        block[4 * g + l] | ((block[QhOffset + 2 * g + l / 2] << (8 - 4 * (l % 2))) & 0x700);

    /// <summary>Whether entry <paramref name="l"/> of group <paramref name="g"/> has delta -0.125.</summary>
    public static bool Negative(ReadOnlySpan<byte> block, int g, int l) => (block[QhOffset + 2 * g + l / 2] & (0x08 << (4 * (l % 2)))) != 0;

    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        IQBlocks.CheckWhole("IQ1_M", dst.Length);
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = HalfConvert.HalfToSingle(DBits(block));
            for (int g = 0; g < 8; g++)
                for (int l = 0; l < 4; l++)
                {
                    float dl = d * Scale(block, g, l / 2);
                    float delta = Negative(block, g, l) ? -IQ1_SBlock.Delta : IQ1_SBlock.Delta;
                    IQBlocks.Offset8(dl, IQGrids.IQ1S[Index(block, g, l)], delta, dst.Slice(b * Elements + 32 * g + 8 * l, 8));
                }
        }
    }
}
