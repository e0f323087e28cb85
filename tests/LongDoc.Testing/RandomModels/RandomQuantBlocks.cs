using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Testing.RandomModels;

/// <summary>
/// Random valid blocks of the types we only decode: llama.cpp's quantizer refuses the I-quants (IQ1_S .. IQ3_S) without
/// an importance matrix (and we have no Q2_K or IQ4_NL encoder for the rest of their mixes), but any bit pattern of their blocks decodes (grid indices, signs and scales all range over
/// their whole fields). Every byte is random except the f16 super-block scale d, which is set per block so the block's
/// values have a chosen root mean square: random f16 bits would give infinities, NaNs and activations that blow up.
/// </summary>
public static class RandomQuantBlocks
{
    /// <summary>Per type, where d lives: an f16 at offset 0, or (IQ1_M) spread over the top nibbles of its 4 scale words.</summary>
    static readonly Dictionary<GgmlType, Action<byte[], ushort>> WriteD = new()
    {
        [GgmlType.IQ2_XXS] = AtStart,
        [GgmlType.IQ2_XS] = AtStart,
        [GgmlType.IQ2_S] = AtStart,
        [GgmlType.IQ3_XXS] = AtStart,
        [GgmlType.IQ3_S] = AtStart,
        [GgmlType.IQ1_S] = AtStart,
        [GgmlType.IQ1_M] = InScaleNibbles,
        // the types of the IQ2 mix (QuantMix.IQ2) that have no encoder: Q2_K's d and dmin both take the scale
        [GgmlType.Q2_K] = (block, d) => { BitConverter.TryWriteBytes(block.AsSpan(Q2_KBlock.DOffset), d); BitConverter.TryWriteBytes(block.AsSpan(Q2_KBlock.DOffset + 2), d); },
        [GgmlType.IQ4_NL] = AtStart,
    };

    public static bool Handles(GgmlType type) => WriteD.ContainsKey(type);

    static void AtStart(byte[] block, ushort d) => BitConverter.TryWriteBytes(block, d);

    static void InScaleNibbles(byte[] block, ushort d)
    {
        for (int k = 0; k < 4; k++)
        {
            int at = IQ1_MBlock.ScalesOffset + 2 * k;
            int word = BitConverter.ToUInt16(block, at) & 0x0FFF | ((d >> (4 * k)) & 0xF) << 12;
            BitConverter.TryWriteBytes(block.AsSpan(at), (ushort)word);
        }
    }

    /// <summary>
    /// Fills <paramref name="row"/> (whole blocks of <paramref name="type"/>) with random blocks whose values have root
    /// mean square about <paramref name="rms"/> each.
    /// </summary>
    public static void Fill(GgmlType type, Span<byte> row, Random rng, float rms)
    {
        int bytes = GgmlTypeInfo.BlockBytes(type), n = GgmlTypeInfo.BlockElements(type);
        var block = new byte[bytes];
        var values = new float[n];
        for (int b = 0; b < row.Length / bytes; b++)
        {
            rng.NextBytes(block);
            WriteD[type](block, HalfConvert.SingleToHalf(1f));
            RowDecoder.ToSingle(type, block, values);
            double unit = Math.Sqrt(values.Sum(v => (double)v * v) / n);
            WriteD[type](block, HalfConvert.SingleToHalf(unit > 0 ? (float)(rms / unit) : rms));
            block.CopyTo(row[(b * bytes)..]);
        }
    }
}
