using System.Buffers.Binary;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cuda.Kernels.Checks;

/// <summary>Inputs for the kernel checks: 16-bit cache values with the f32 values they stand for.</summary>
static class CheckInputs
{
    /// <summary><paramref name="x"/> rounded to <paramref name="type"/> (BF16 or F16): the bits for the device and the
    /// f32 values the reference must use, so only the kernel's own arithmetic differs.</summary>
    public static (ushort[] Bits, float[] Values) Cache(GgmlType type, float[] x)
    {
        var bits = new ushort[x.Length];
        var values = new float[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            bits[i] = type == GgmlType.BF16 ? HalfConvert.SingleToBFloat16(x[i]) : HalfConvert.SingleToHalf(x[i]);
            values[i] = type == GgmlType.BF16 ? HalfConvert.BFloat16ToSingle(bits[i]) : HalfConvert.HalfToSingle(bits[i]);
        }
        return (bits, values);
    }

    /// <summary>Rows (rows, cols) encoded to <paramref name="type"/>, and decoded back to f32 for the reference. The types
    /// this runtime only decodes (<see cref="DecodeOnlyScales"/>) get random valid blocks seeded by <paramref name="x"/>.</summary>
    public static (byte[] Bytes, float[] Values) Weights(GgmlType type, float[] x, int rows, int cols)
    {
        long rowBytes = GgmlTypeInfo.RowBytes(type, cols);
        var bytes = new byte[rows * rowBytes];
        var values = new float[x.Length];
        var rng = new Random(BitConverter.SingleToInt32Bits(x[0]));
        for (int r = 0; r < rows; r++)
        {
            var dst = bytes.AsSpan((int)(r * rowBytes), (int)rowBytes);
            if (RowEncoder.CanEncode(type)) RowEncoder.FromSingle(type, x.AsSpan(r * cols, cols), dst);
            else RandomBlocks(type, dst, rng);
            RowDecoder.ToSingle(type, dst, values.AsSpan(r * cols, cols));
        }
        return (bytes, values);
    }

    /// <summary>Per type the kernels decode but this runtime does not encode: how a block's f16 super-block scale(s) are
    /// written (at their offsets, or IQ1_M's spread over the top nibbles of its 4 scale words).</summary>
    static readonly Dictionary<GgmlType, Action<Span<byte>, ushort>> DecodeOnlyScales = new()
    {
        [GgmlType.Q2_K] = (b, d) => { At(b, Q2_KBlock.DOffset, d); At(b, Q2_KBlock.DOffset + 2, d); },
        [GgmlType.Q3_K] = (b, d) => At(b, Q3_KBlock.DOffset, d),
        [GgmlType.IQ4_NL] = (b, d) => At(b, 0, d),
        [GgmlType.IQ4_XS] = (b, d) => At(b, 0, d),
        [GgmlType.IQ2_XXS] = (b, d) => At(b, 0, d),
        [GgmlType.IQ2_XS] = (b, d) => At(b, 0, d),
        [GgmlType.IQ2_S] = (b, d) => At(b, 0, d),
        [GgmlType.IQ3_XXS] = (b, d) => At(b, 0, d),
        [GgmlType.IQ3_S] = (b, d) => At(b, 0, d),
        [GgmlType.IQ1_S] = (b, d) => At(b, 0, d),
        [GgmlType.IQ1_M] = InScaleNibbles,
    };

    static void At(Span<byte> block, int offset, ushort d) => BinaryPrimitives.WriteUInt16LittleEndian(block[offset..], d);

    static void InScaleNibbles(Span<byte> block, ushort d)
    {
        for (int k = 0; k < 4; k++)
        {
            var word = block[(IQ1_MBlock.ScalesOffset + 2 * k)..];
            At(word, 0, (ushort)((BinaryPrimitives.ReadUInt16LittleEndian(word) & 0x0FFF) | (((d >> (4 * k)) & 0xF) << 12)));
        }
    }

    /// <summary>Random bytes in every field (quants, grid indices, signs, sub-block scales), f16 super-block scales in
    /// [0.001, 0.01): every bit pattern of these types decodes.</summary>
    static void RandomBlocks(GgmlType type, Span<byte> row, Random rng)
    {
        if (!DecodeOnlyScales.TryGetValue(type, out var write)) throw new NotSupportedException($"no encoder and no random blocks for {type}");
        rng.NextBytes(row);
        int blockBytes = GgmlTypeInfo.BlockBytes(type);
        for (int b = 0; b < row.Length / blockBytes; b++)
            write(row.Slice(b * blockBytes, blockBytes), HalfConvert.SingleToHalf((float)(0.001 + 0.009 * rng.NextDouble())));
    }

    public static float[] Ints(int[] x) => [.. x.Select(v => (float)v)];

    /// <summary>Several variants of one entry point as one check (the registry names checks by entry point).</summary>
    public static SelfTest.CheckOutput Concat(params SelfTest.CheckOutput[] parts) =>
        new(string.Join("; ", parts.Select(p => p.Shape)), [.. parts.SelectMany(p => p.Expected)], [.. parts.SelectMany(p => p.Actual)]);
}
