using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// IQ4_NL: blocks of 32 values, x = level[q] * d with q a 4-bit index into 16 non-uniform levels (denser near 0).
/// Decode only (llama.cpp's quantizer writes it, e.g. for rows whose width 256 does not divide in its low-bit files);
/// equal to ggml's dequantize_row_iq4_nl.
/// <code>
/// block_iq4_nl (18 bytes)
///   0  half  d         scale
///   2  u8    qs[16]    index of value j in the low nibble of qs[j], of value j + 16 in the high nibble
/// </code>
/// </summary>
public static class IQ4_NLBlock
{
    public const int Elements = 32;
    public const int Bytes = 2 + Elements / 2;
    public const int QsOffset = 2;

    /// <summary>The 16 levels (ggml's kvalues_iq4nl), shared with IQ4_XS.</summary>
    public static ReadOnlySpan<sbyte> Levels => [-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113];

    /// <summary>Dequantizes <paramref name="dst"/>.Length values (a multiple of 32) from <paramref name="src"/>.</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        LegacyBlocks.CheckRow("IQ4_NL", dst.Length, src.Length, Bytes);
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block));
            var y = dst.Slice(b * Elements, Elements);
            for (int j = 0; j < Elements / 2; j++)
            {
                y[j] = d * Levels[block[QsOffset + j] & 0xF];
                y[j + Elements / 2] = d * Levels[block[QsOffset + j] >> 4];
            }
        }
    }
}
