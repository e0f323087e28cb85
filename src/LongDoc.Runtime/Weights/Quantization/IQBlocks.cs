using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>Pieces the I-quant block decoders share (the grids are in <see cref="IQGrids"/>).</summary>
public static class IQBlocks
{
    public static void CheckWhole(string type, int values)
    {
        if (values % KQuantMath.SuperBlock != 0)
            throw new ArgumentException($"{type} rows hold whole blocks of {KQuantMath.SuperBlock}; got {values} values");
    }

    /// <summary>The f16 super-block scale at the start of a block.</summary>
    public static float D(ReadOnlySpan<byte> block) => HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block));

    /// <summary>y[j] = scale * grid byte j, negated where bit j of <paramref name="signs"/> is set (ggml's order: scale * grid, then the sign).</summary>
    public static void Signed8(float scale, ulong grid, int signs, Span<float> y)
    {
        for (int j = 0; j < 8; j++)
        {
            float v = scale * (byte)(grid >> (8 * j));
            y[j] = (signs >> j & 1) != 0 ? -v : v;
        }
    }

    /// <summary>Four values of a 4-byte grid entry (IQ3): y[j] = scale * grid byte j, negated where bit j of <paramref name="signs"/> is set.</summary>
    public static void Signed4(float scale, uint grid, int signs, Span<float> y)
    {
        for (int j = 0; j < 4; j++)
        {
            float v = scale * (byte)(grid >> (8 * j));
            y[j] = (signs >> j & 1) != 0 ? -v : v;
        }
    }

    /// <summary>IQ1: y[j] = scale * (signed grid byte j + delta).</summary>
    public static void Offset8(float scale, ulong grid, float delta, Span<float> y)
    {
        for (int j = 0; j < 8; j++) y[j] = scale * ((sbyte)(grid >> (8 * j)) + delta);
    }
}
