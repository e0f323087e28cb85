namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>
/// kernels/add.cu, fill.cu and silu_mul.cu: 1-D grid-stride loops. Thread tid of gridDim.x * blockDim.x handles
/// elements tid, tid + stride, ...; the references walk the threads in that order, so a grid that does not cover n
/// still covers it by striding, as on the device.
/// </summary>
public static class VectorReferences
{
    /// <summary>add_f32(float* x, const float* y, long long n): x[i] += y[i].</summary>
    public static void Add(LaunchContext c)
    {
        var x = c.Ptr<float>(0, "x");
        var y = c.Ptr<float>(1, "y");
        GridStride(c, c.Long(2), i => x[i] += y[i]);
    }

    /// <summary>add_scaled_f32(float* y, const float* x, float a, long long n): y[i] = fmaf(a, x[i], y[i]).</summary>
    public static void AddScaled(LaunchContext c)
    {
        var y = c.Ptr<float>(0, "y");
        var x = c.Ptr<float>(1, "x");
        float a = c.Float(2);
        GridStride(c, c.Long(3), i => y[i] = MathF.FusedMultiplyAdd(a, x[i], y[i]));
    }

    /// <summary>fill_u32(unsigned* p, unsigned value, long long n).</summary>
    public static void Fill(LaunchContext c)
    {
        var p = c.Ptr<uint>(0, "p");
        uint value = c.UInt(1);
        GridStride(c, c.Long(2), i => p[i] = value);
    }

    /// <summary>silu_mul_f32(float* gate, const float* up, long long n): gate = g / (1 + expf(-g)) * up.</summary>
    public static void SiluMul(LaunchContext c)
    {
        var gate = c.Ptr<float>(0, "gate");
        var up = c.Ptr<float>(1, "up");
        GridStride(c, c.Long(2), i =>
        {
            float g = gate[i];
            gate[i] = g / (1f + MathF.Exp(-g)) * up[i];
        });
    }

    static void GridStride(LaunchContext c, long n, Action<long> body)
    {
        c.Require(c.Grid.Y == 1 && c.Grid.Z == 1 && c.Block.Y == 1 && c.Block.Z == 1, "a 1-D grid-stride kernel launched with a 2-D or 3-D grid or block");
        long stride = c.Grid.X * (long)c.Block.X;
        for (long tid = 0; tid < stride; tid++)
            for (long i = tid; i < n; i += stride) body(i);
    }
}
