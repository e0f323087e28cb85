using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>Pieces the 32-value block types (Q4_1, Q5_0, Q5_1) share: row checks, the min/scale of the asymmetric
/// types, and the 5-bit layout (four bits in nibbles as Q4_0, the fifth in a 32-bit mask).</summary>
static class LegacyBlocks
{
    public const int Elements = 32;

    public static void CheckRow(string type, int values, int bytes, int blockBytes)
    {
        if (values % Elements != 0) throw new ArgumentException($"{type} rows hold whole blocks of {Elements}; got {values} values");
        if (bytes < values / Elements * blockBytes) throw new ArgumentException($"{type} row: {bytes} bytes hold fewer than {values / Elements} blocks");
    }

    /// <summary>ggml's asymmetric scale: min of the block, d = (max - min) / levels, and 1 / d (0 for a flat block).</summary>
    public static (float Min, float D, float Id) MinScale(ReadOnlySpan<float> block, int levels)
    {
        float min = float.MaxValue, max = -float.MaxValue;
        foreach (float v in block)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        float d = (max - min) / levels;
        return (min, d, d != 0 ? 1f / d : 0f);
    }

    /// <summary>32 five-bit values -> qh (bit i = bit 4 of value i) and 16 bytes of low nibbles (j | j + 16 &lt;&lt; 4).</summary>
    public static void Pack5(ReadOnlySpan<byte> q, Span<byte> qh, Span<byte> qs)
    {
        uint h = 0;
        for (int j = 0; j < Elements / 2; j++)
        {
            qs[j] = (byte)((q[j] & 0x0F) | ((q[j + 16] & 0x0F) << 4));
            h |= (uint)((q[j] >> 4) & 1) << j;
            h |= (uint)((q[j + 16] >> 4) & 1) << (j + 16);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(qh, h);
    }

    /// <summary>Value i (0..31) of a 5-bit block, in [0, 31].</summary>
    public static int Value5(ReadOnlySpan<byte> qh, ReadOnlySpan<byte> qs, int i)
    {
        uint h = BinaryPrimitives.ReadUInt32LittleEndian(qh);
        int low = i < 16 ? qs[i] & 0x0F : qs[i - 16] >> 4;
        return low | (int)(((h >> i) & 1) << 4);
    }
}
