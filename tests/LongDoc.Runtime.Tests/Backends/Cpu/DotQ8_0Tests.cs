using LongDoc.Runtime.Backends.Cpu;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

public unsafe class DotQ8_0Tests
{
    delegate float Kernel(byte* w, sbyte* xq, float* xd, int n);

    /// <summary>A random Q8_0 row of n (multiple of 32) values and its quantized activations.</summary>
    static (byte[] W, sbyte[] Xq, float[] Xd) Data(Random rng, int n)
    {
        var w = new byte[n / 32 * 34];
        for (int b = 0; b < n / 32; b++)
        {
            BitConverter.TryWriteBytes(w.AsSpan(b * 34), BitConverter.HalfToUInt16Bits((Half)(rng.NextDouble() * 0.02)));
            for (int i = 0; i < 32; i++) w[b * 34 + 2 + i] = (byte)(sbyte)rng.Next(-127, 128);
        }
        var x = KernelData.Floats(rng, n, 3f);
        var xq = new sbyte[n];
        var xd = new float[n / 32];
        fixed (float* px = x)
        fixed (sbyte* pq = xq)
        fixed (float* pd = xd)
            QuantizeQ8_0.Quantize(px, pq, pd, n);
        return (w, xq, xd);
    }

    static void Check(Kernel simd, string name)
    {
        var rng = new Random(13);
        for (int n = 0; n <= 320; n += 32)
        {
            var (w, xq, xd) = Data(rng, n);
            fixed (byte* pw = w)
            fixed (sbyte* pq = xq)
            fixed (float* pd = xd)
            {
                float mag = 0;
                for (int b = 0; b < n / 32; b++) mag += 127 * 127 * 32 * MathF.Abs((float)BitConverter.ToHalf(w, b * 34) * xd[b]);
                KernelData.Close(DotQ8_0.Scalar(pw, pq, pd, n), simd(pw, pq, pd, n), mag, $"{name} n={n}");
            }
        }
    }

    [Fact]
    public void Vector512Path_Lengths0To320_EqualsScalar()
    {
        if (KernelData.HasAvx512BW) Check(DotQ8_0.Vector512Path, "v512");
    }

    [Fact]
    public void Vector256Path_Lengths0To320_EqualsScalar()
    {
        if (KernelData.HasAvx2) Check(DotQ8_0.Vector256Path, "v256");
    }

    [Fact]
    public void Vector128Path_Lengths0To320_EqualsScalar()
    {
        if (KernelData.Has128) Check(DotQ8_0.Vector128Path, "v128");
    }

    [Fact]
    public void Quantize_Block_ScalesByMaxAndRoundsHalfToEven()
    {
        var x = new float[32];
        x[0] = 127f;      // amax 127 -> d = 1, values map to themselves
        x[1] = 2.5f;      // halfway: to even 2
        x[2] = -3.5f;     // halfway: to even -4
        var q = new sbyte[32];
        var d = new float[1];
        fixed (float* px = x)
        fixed (sbyte* pq = q)
        fixed (float* pd = d)
            QuantizeQ8_0.Quantize(px, pq, pd, 32);
        Assert.Equal(1f, d[0]);
        Assert.Equal([127, 2, -4, 0], q[..4]);
    }
}
