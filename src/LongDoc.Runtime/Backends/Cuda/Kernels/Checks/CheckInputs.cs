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

    /// <summary>Byte offsets of the f16 scales in a block of each type the kernels decode but this runtime does not encode.</summary>
    static readonly Dictionary<GgmlType, int[]> DecodeOnlyScales = new()
    {
        [GgmlType.Q2_K] = [Q2_KBlock.DOffset, Q2_KBlock.DOffset + 2],
        [GgmlType.Q3_K] = [Q3_KBlock.DOffset],
        [GgmlType.IQ4_NL] = [0],
        [GgmlType.IQ4_XS] = [0],
    };

    /// <summary>Random bytes in every field (quants, sub-block scales, masks), f16 scales in [0.001, 0.01).</summary>
    static void RandomBlocks(GgmlType type, Span<byte> row, Random rng)
    {
        if (!DecodeOnlyScales.TryGetValue(type, out var scales)) throw new NotSupportedException($"no encoder and no random blocks for {type}");
        rng.NextBytes(row);
        int blockBytes = GgmlTypeInfo.BlockBytes(type);
        for (int b = 0; b < row.Length / blockBytes; b++)
            foreach (int offset in scales)
                BitConverter.TryWriteBytes(row[(b * blockBytes + offset)..], HalfConvert.SingleToHalf((float)(0.001 + 0.009 * rng.NextDouble())));
    }

    public static float[] Ints(int[] x) => [.. x.Select(v => (float)v)];

    /// <summary>Several variants of one entry point as one check (the registry names checks by entry point).</summary>
    public static SelfTest.CheckOutput Concat(params SelfTest.CheckOutput[] parts) =>
        new(string.Join("; ", parts.Select(p => p.Shape)), [.. parts.SelectMany(p => p.Expected)], [.. parts.SelectMany(p => p.Actual)]);
}
