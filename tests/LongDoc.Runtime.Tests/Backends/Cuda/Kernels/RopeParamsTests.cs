using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Kernels;

/// <summary>
/// The parameters RopeLauncher hands to rope.cu reproduce the CPU's rotations when fed through rope.cu's formula
/// (written here line for line as the kernel computes one pair), so a wrong band or scale shows up without a GPU.
/// </summary>
public sealed class RopeParamsTests
{
    /// <summary>rope.cu for one slice of <paramref name="dims"/> at <paramref name="pos"/>, in f32 as the kernel.</summary>
    static void KernelModel(Span<float> v, int dims, int pos, RopeParams p)
    {
        int half = dims / 2;
        for (int i = 0; i < half; i++)
        {
            float theta = pos;
            for (int j = 0; j < i; j++) theta *= p.ThetaScale;
            float angle = theta, mag = 1f;
            if (p.Yarn)
            {
                float y = (i - p.Low) / MathF.Max(0.001f, p.High - p.Low);
                float ramp = 1f - MathF.Min(1f, MathF.Max(0f, y));
                angle = theta * p.FreqScale * (1f - ramp) + theta * ramp;
                mag = p.Magnitude;
            }
            float c = MathF.Cos(angle) * mag, s = MathF.Sin(angle) * mag;
            int a = p.Neox ? i : 2 * i, b = p.Neox ? i + half : 2 * i + 1;
            float x0 = v[a], x1 = v[b];
            v[a] = x0 * c - x1 * s;
            v[b] = x0 * s + x1 * c;
        }
    }

    [Theory]
    [InlineData(RopeStyle.Neox)]
    [InlineData(RopeStyle.Norm)]
    public void Plain_ThroughKernelFormula_EqualsCpuRope(RopeStyle style)
    {
        const int Dh = 128, Pos = 12345;
        var rng = new Random(7);
        var x = Enumerable.Range(0, Dh).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var cpu = (float[])x.Clone();
        using var backend = new CpuBackend(1);
        backend.Rope(cpu, 1, 1, Dh, Pos, style, 1_000_000f);
        KernelModel(x, Dh, Pos, RopeParams.Plain(style, 1_000_000f, Dh));
        Assert.Equal(cpu, x);
    }

    [Fact]
    public void Norm_WithYarn_ThroughKernelFormula_EqualsYarnRope()
    {
        const int Pe = 64, Pos = 5000;
        var yarn = new RopeYarn(40f, 4096, 1f);
        var rng = new Random(8);
        var x = Enumerable.Range(0, Pe).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var cpu = (float[])x.Clone();
        new YarnRope(10000f, Pe, yarn).Rotate(cpu, Pos);
        var p = RopeParams.Norm(10000f, Pe, yarn);
        Assert.True(p.Yarn);
        Assert.InRange(p.Low, 0, p.High);
        KernelModel(x, Pe, Pos, p);
        for (int i = 0; i < Pe; i++) Assert.Equal(cpu[i], x[i], 1e-6f);
    }

    [Fact]
    public void Norm_FactorOne_IsPlainNorm()
    {
        var p = RopeParams.Norm(10000f, 64, new RopeYarn(1f, 4096, 1f));
        Assert.False(p.Yarn);
        Assert.Equal(RopeParams.Plain(RopeStyle.Norm, 10000f, 64), p);
    }
}
