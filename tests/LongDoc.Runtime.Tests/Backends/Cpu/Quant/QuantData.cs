using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

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

    /// <summary>A weight row of <paramref name="n"/> values quantized to <paramref name="type"/>, and its dequantized values.</summary>
    public static (byte[] Bytes, float[] Values) Weights(GgmlType type, int n, int seed)
    {
        var bytes = new byte[GgmlTypeInfo.RowBytes(type, n)];
        RowEncoder.FromSingle(type, Uniform(n, seed), bytes);
        var values = new float[n];
        RowDecoder.ToSingle(type, bytes, values);
        return (bytes, values);
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
