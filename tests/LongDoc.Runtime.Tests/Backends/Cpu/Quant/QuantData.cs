using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Backends.Cpu.Quant;

/// <summary>Seeded weight rows and activations for the quantized dot tests.</summary>
static class QuantData
{
    public static float[] Uniform(int n, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return v;
    }

    /// <summary>
    /// A weight row of <paramref name="n"/> values quantized to <paramref name="type"/>, and its dequantized values;
    /// types we only decode get random valid blocks (<see cref="RandomBlocks"/>).
    /// </summary>
    public static (byte[] Bytes, float[] Values) Weights(GgmlType type, int n, int seed)
    {
        var bytes = new byte[GgmlTypeInfo.RowBytes(type, n)];
        if (RowEncoder.CanEncode(type)) RowEncoder.FromSingle(type, Uniform(n, seed), bytes);
        else RandomBlocks(type, bytes, seed);
        var values = new float[n];
        RowDecoder.ToSingle(type, bytes, values);
        return (bytes, values);
    }

    /// <summary>Byte offsets of each decode-only type's f16 scales within its block.</summary>
    static readonly Dictionary<GgmlType, int[]> HalfOffsets = new()
    {
        [GgmlType.Q2_K] = [Q2_KBlock.DOffset, Q2_KBlock.DOffset + 2],
        [GgmlType.Q3_K] = [Q3_KBlock.DOffset],
        [GgmlType.IQ4_NL] = [0],
        [GgmlType.IQ4_XS] = [0],
    };

    /// <summary>Random bytes in every field, except f16 scales, which get finite values in [0.001, 0.01); the I-quants'
    /// d is set so their values' root mean square is 0.05 (<see cref="RandomQuantBlocks"/>).</summary>
    public static void RandomBlocks(GgmlType type, Span<byte> row, int seed)
    {
        var rng = new Random(seed);
        if (!HalfOffsets.TryGetValue(type, out var halves)) { RandomQuantBlocks.Fill(type, row, rng, 0.05f); return; }
        rng.NextBytes(row);
        int blockBytes = GgmlTypeInfo.BlockBytes(type);
        for (int b = 0; b < row.Length / blockBytes; b++)
            foreach (int offset in halves)
                BitConverter.TryWriteBytes(row[(b * blockBytes + offset)..], HalfConvert.SingleToHalf((float)(0.001 + 0.009 * rng.NextDouble())));
    }

    /// <summary>Activations with a few outliers, as real hidden states have (they set each block's scale).</summary>
    public static float[] Activations(int n, int seed)
    {
        var x = Uniform(n, seed, 2f);
        for (int i = 7; i < n; i += 97) x[i] *= 8;
        return x;
    }

    public static double Dot(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (double)a[i] * b[i];
        return s;
    }
}
