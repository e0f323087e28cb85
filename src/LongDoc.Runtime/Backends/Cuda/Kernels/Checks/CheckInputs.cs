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

    /// <summary>Rows (rows, cols) encoded to <paramref name="type"/>, and decoded back to f32 for the reference.</summary>
    public static (byte[] Bytes, float[] Values) Weights(GgmlType type, float[] x, int rows, int cols)
    {
        long rowBytes = GgmlTypeInfo.RowBytes(type, cols);
        var bytes = new byte[rows * rowBytes];
        var values = new float[x.Length];
        for (int r = 0; r < rows; r++)
        {
            var dst = bytes.AsSpan((int)(r * rowBytes), (int)rowBytes);
            RowEncoder.FromSingle(type, x.AsSpan(r * cols, cols), dst);
            RowDecoder.ToSingle(type, dst, values.AsSpan(r * cols, cols));
        }
        return (bytes, values);
    }

    public static float[] Ints(int[] x) => [.. x.Select(v => (float)v)];

    /// <summary>Several variants of one entry point as one check (the registry names checks by entry point).</summary>
    public static SelfTest.CheckOutput Concat(params SelfTest.CheckOutput[] parts) =>
        new(string.Join("; ", parts.Select(p => p.Shape)), [.. parts.SelectMany(p => p.Expected)], [.. parts.SelectMany(p => p.Actual)]);
}
