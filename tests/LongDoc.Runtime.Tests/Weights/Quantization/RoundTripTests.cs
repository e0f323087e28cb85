using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Weights.Quantization;

/// <summary>Quantize -> dequantize on seeded uniform data in [-1, 1]: the RMS error of each format.</summary>
public sealed class RoundTripTests(ITestOutputHelper output)
{
    // Measured RMS errors (uniform [-1, 1], 16 super-blocks): Q4_0 0.0374, Q4_K 0.0314, Q5_K 0.0161, Q6_K 0.0077,
    // Q8_0 0.0022, Q8_K 0.0023. Bounds leave ~20% headroom; one step of a b-bit uniform quantizer over a range
    // of 2 has RMS 2 / 2^b / sqrt(12), the floor each format approaches.
    [Theory]
    [InlineData(GgmlType.Q4_0, 0.045)]
    [InlineData(GgmlType.Q4_K, 0.038)]
    [InlineData(GgmlType.Q5_K, 0.020)]
    [InlineData(GgmlType.Q6_K, 0.0095)]
    [InlineData(GgmlType.Q8_0, 0.003)]
    [InlineData(GgmlType.Q8_K, 0.003)]
    public void RoundTrip_UniformData_RmsErrorWithinFormatBound(GgmlType type, double bound)
    {
        const int n = 16 * 256;
        var rng = new Random(7);
        var x = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var q = new byte[GgmlTypeInfo.RowBytes(type, n)];
        var y = new float[n];
        RowEncoder.FromSingle(type, x, q);
        RowDecoder.ToSingle(type, q, y);
        double sq = 0;
        for (int i = 0; i < n; i++) sq += (x[i] - y[i]) * (double)(x[i] - y[i]);
        double rms = Math.Sqrt(sq / n);
        output.WriteLine($"{type}: RMS error {rms:F5} on range 2");
        Assert.True(rms < bound, $"{type} RMS {rms} >= {bound}");
        Assert.True(rms > 0);
    }

    [Theory]
    [InlineData(GgmlType.Q4_K)]
    [InlineData(GgmlType.Q5_K)]
    [InlineData(GgmlType.Q6_K)]
    public void RoundTrip_BlocksOfVeryDifferentScale_EachKeepsItsRelativeError(GgmlType type)
    {
        // One super-block at 1e-3, one at 1e3: the f16 super-block scales keep each on its own footing.
        var rng = new Random(3);
        var x = new float[512];
        for (int i = 0; i < 512; i++) x[i] = (float)(rng.NextDouble() * 2 - 1) * (i < 256 ? 1e-3f : 1e3f);
        var q = new byte[GgmlTypeInfo.RowBytes(type, 512)];
        var y = new float[512];
        RowEncoder.FromSingle(type, x, q);
        RowDecoder.ToSingle(type, q, y);
        for (int i = 0; i < 512; i++)
            Assert.True(MathF.Abs(x[i] - y[i]) <= (i < 256 ? 1e-3f : 1e3f) * 0.2f, $"value {i}: {x[i]} -> {y[i]}");
    }

    [Fact]
    public void Q4_0_NegativeExtreme_MapsToLevelMinus8Exactly()
    {
        var x = new float[32];
        x[0] = -2f; x[1] = 1f;
        var q = new byte[Q4_0Block.Bytes];
        var y = new float[32];
        Q4_0Block.QuantizeRow(x, q);
        Q4_0Block.DequantizeRow(q, y);
        Assert.Equal(-2f, y[0]);
        Assert.Equal(1f, y[1]);
    }
}
