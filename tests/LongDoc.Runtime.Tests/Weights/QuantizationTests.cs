using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Weights;

public sealed class QuantizationTests
{
    [Fact]
    public void Q8_0_QuantizeRow_MatchesGgmlReference()
    {
        // amax 2.54 -> d = 0.02, q = round(x / d) half away from zero: 0.01 / 0.02 = 0.5 -> 1.
        var x = new float[32];
        x[0] = 2.54f; x[1] = -1.27f; x[2] = 0.01f; x[3] = -0.03f;
        var block = new byte[Q8_0Block.Bytes];
        Q8_0Block.QuantizeRow(x, block);
        Assert.Equal(HalfConvert.SingleToHalf(0.02f), BitConverter.ToUInt16(block));
        Assert.Equal(new sbyte[] { 127, -64, 1, -2, 0 }, block[2..7].Select(b => (sbyte)b));
    }

    [Fact]
    public void Q8_0_RoundTrip_ErrorWithinHalfAStepPlusScaleRounding()
    {
        var rng = new Random(11);
        var x = Enumerable.Range(0, 256).Select(_ => (float)(rng.NextDouble() * 6 - 3)).ToArray();
        var q = new byte[256 / 32 * 34];
        var y = new float[256];
        Q8_0Block.QuantizeRow(x, q);
        Q8_0Block.DequantizeRow(q, y);
        // q is rounded with the f32 scale but multiplied by its f16 rounding: |err| <= d/2 + 127 * d * 2^-11.
        for (int b = 0; b < 8; b++)
        {
            float d = HalfConvert.HalfToSingle(BitConverter.ToUInt16(q, b * 34));
            for (int i = b * 32; i < b * 32 + 32; i++) Assert.True(MathF.Abs(x[i] - y[i]) <= d * (0.5f + 127f / 2048), $"value {i}");
        }
    }

    [Fact]
    public void Q8_0_AllZeroBlock_HasZeroScale()
    {
        var q = new byte[34];
        Q8_0Block.QuantizeRow(new float[32], q);
        Assert.All(q, b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(1.0f, 0x3F80)]
    [InlineData(1.00390625f, 0x3F80)] // exactly half-way: ties to even
    [InlineData(1.01171875f, 0x3F82)] // half-way above an odd mantissa: rounds up
    [InlineData(-2.5f, 0xC020)]
    public void SingleToBFloat16_RoundsToNearestEven(float x, int bits) =>
        Assert.Equal((ushort)bits, HalfConvert.SingleToBFloat16(x));

    [Fact]
    public void SingleToBFloat16_NaN_StaysNaN() =>
        Assert.True(float.IsNaN(HalfConvert.BFloat16ToSingle(HalfConvert.SingleToBFloat16(float.NaN))));

    [Fact]
    public void Half_RoundTrip_IsExactForHalfValues() =>
        Assert.Equal(0.333251953125f, HalfConvert.HalfToSingle(HalfConvert.SingleToHalf(1f / 3)));
}
