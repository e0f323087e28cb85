using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Kernels;

/// <summary>
/// The parameters rope.cu gets reproduce the CPU's rotations when fed through rope.cu's formula (written here line
/// for line as the kernel computes one pair), so a wrong band, factor or scale shows up without a GPU.
/// </summary>
public sealed class RopeParamsTests
{
    /// <summary>rope.cu for one slice of p.Dims at <paramref name="pos"/>, in f32 as the kernel.</summary>
    static void KernelModel(Span<float> v, int pos, RopeParams p)
    {
        int half = p.Dims / 2;
        for (int i = 0; i < half; i++)
        {
            float theta = pos;
            for (int j = 0; j < i; j++) theta *= p.ThetaScale;
            float extrap = p.FreqFactors is null ? theta : theta / p.FreqFactors[i];
            float angle = extrap * p.FreqScale;
            if (p.Yarn)
            {
                float y = (i - p.Low) / MathF.Max(0.001f, p.High - p.Low);
                float ramp = 1f - MathF.Min(1f, MathF.Max(0f, y));
                angle = angle * (1f - ramp) + extrap * ramp;
            }
            float c = MathF.Cos(angle) * p.Magnitude, s = MathF.Sin(angle) * p.Magnitude;
            int a = p.Neox ? i : 2 * i, b = p.Neox ? i + half : 2 * i + 1;
            float x0 = v[a], x1 = v[b];
            v[a] = x0 * c - x1 * s;
            v[b] = x0 * s + x1 * c;
        }
    }

    static float[] RandomRow(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    [Theory]
    [InlineData(RopeStyle.Neox, false)]
    [InlineData(RopeStyle.Norm, false)]
    [InlineData(RopeStyle.Norm, true)]
    public void Plain_ThroughKernelFormula_EqualsCpuRope(RopeStyle style, bool factors)
    {
        const int Dh = 128, Pos = 12345;
        var x = RandomRow(Dh, 7);
        var cpu = (float[])x.Clone();
        var p = RopeParams.Plain(style, 1_000_000f, Dh, factors ? Enumerable.Range(0, Dh / 2).Select(i => 1f + i / 8f).ToArray() : null);
        using var backend = new CpuBackend(1);
        backend.Rope(cpu, 1, 1, Dh, 0, Pos, p);
        KernelModel(x, Pos, p);
        Assert.Equal(cpu, x);
    }

    [Fact]
    public void Norm_WithYarn_ThroughKernelFormula_EqualsYarnRope()
    {
        const int Pe = 64, Pos = 5000;
        var yarn = new RopeYarn(40f, 4096, 1f);
        var x = RandomRow(Pe, 8);
        var cpu = (float[])x.Clone();
        new YarnRope(10000f, Pe, yarn).Rotate(cpu, Pos);
        var p = RopeParams.OfYarn(10000f, Pe, yarn);
        Assert.True(p.Yarn);
        Assert.InRange(p.Low, 0, p.High);
        KernelModel(x, Pos, p);
        Assert.Equal(cpu, x);
    }

    [Fact]
    public void Slices_OfRows_EqualEachSliceRotatedAlone()
    {
        // deepseek2's q: 3 tokens x 2 heads of 96 with the rope part the last 32, YaRN
        const int Tokens = 3, Heads = 2, Nope = 64, Pe = 32, Dk = Nope + Pe, Start = 40;
        var rope = new YarnRope(10000f, Pe, new RopeYarn(40f, 4096, 1f));
        var x = RandomRow(Tokens * Heads * Dk, 9);
        var expected = (float[])x.Clone();
        for (int t = 0; t < Tokens; t++)
            for (int h = 0; h < Heads; h++) rope.Rotate(expected.AsSpan((t * Heads + h) * Dk + Nope, Pe), Start + t);
        using var backend = new CpuBackend(1);
        rope.Apply(backend, x, Tokens, Heads, Dk, Nope, Start);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void Plain_WrongFactorCount_ThrowsNamingCounts()
    {
        var e = Assert.Throws<ArgumentException>(() => RopeParams.Plain(RopeStyle.Norm, 10000f, 64, new float[31]));
        Assert.Contains("31 frequency factors", e.Message);
    }

    [Fact]
    public void OfYarn_FactorOne_IsPlainNorm()
    {
        var p = RopeParams.OfYarn(10000f, 64, new RopeYarn(1f, 4096, 1f));
        Assert.False(p.Yarn);
        Assert.Equal(RopeParams.Plain(RopeStyle.Norm, 10000f, 64), p);
    }
}
