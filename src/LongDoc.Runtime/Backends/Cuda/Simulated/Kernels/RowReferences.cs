using static LongDoc.Runtime.Backends.Cuda.Simulated.Kernels.HalfBits;

namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>
/// The one-block-per-row kernels: kernels/rmsnorm.cu, softmax.cu and argmax.cu. Block b handles row b; its threads
/// stride over the row (thread i takes i, i + blockDim.x, ...) and their partial results are reduced.
/// </summary>
public static class RowReferences
{
    /// <summary>rmsnorm(const float* x, const float* weight, float* y, int n, float eps): y = x * rsqrt(mean(x^2) + eps) * weight;
    /// y may alias x (every x is read before any y of the row is written).</summary>
    public static void RmsNorm(LaunchContext c)
    {
        var x = c.Ptr<float>(0, "x");
        var weight = c.Ptr<float>(1, "weight");
        var y = c.Ptr<float>(2, "y");
        int n = c.Int(3);
        float eps = c.Float(4);
        c.Require(c.Block.X % 32 == 0 && c.Block.X <= 1024, "blockDim.x must be whole warps (the reduction has 32 partials)");
        for (long row = 0; row < c.Grid.X; row++)
        {
            var xr = x.Plus(row * n);
            var yr = y.Plus(row * n);
            float ss = 0f;
            for (int t = 0; t < c.Block.X; t++)
            {
                float part = 0f;
                for (int i = t; i < n; i += (int)c.Block.X) part += xr[i] * xr[i];
                ss += part;
            }
            float scale = 1f / MathF.Sqrt(ss / n + eps);
            for (int i = 0; i < n; i++) yr[i] = xr[i] * scale * weight[i];
        }
    }

    /// <summary>softmax_f32(float* x, int n): each row max-subtracted, exponentiated (expf), normalized; dynamic shared
    /// blockDim.x floats for the reductions, blockDim.x a power of two.</summary>
    public static void Softmax(LaunchContext c)
    {
        var x = c.Ptr<float>(0, "x");
        int n = c.Int(1);
        RequirePow2Block(c);
        c.RequireShared(c.Block.X * 4L);
        for (long r = 0; r < c.Grid.X; r++)
        {
            var row = x.Plus(r * n);
            float m = NegInf;
            for (int i = 0; i < n; i++) m = Fmax(m, row[i]);
            float sum = 0f;
            for (int i = 0; i < n; i++)
            {
                float e = MathF.Exp(row[i] - m);
                row[i] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int i = 0; i < n; i++) row[i] *= inv;
        }
    }

    /// <summary>argmax_f32(const float* x, int n, int* out): out[r] = the lowest index of the largest value of row r, NaN
    /// never wins, 0 for a row with nothing larger than -inf; dynamic shared blockDim.x * 8 bytes.</summary>
    public static void Argmax(LaunchContext c)
    {
        var x = c.Ptr<float>(0, "x");
        int n = c.Int(1);
        var output = c.Ptr<int>(2, "out");
        RequirePow2Block(c);
        c.RequireShared(c.Block.X * 8L);
        for (long r = 0; r < c.Grid.X; r++)
        {
            var row = x.Plus(r * n);
            float v = NegInf;
            int at = n;
            for (int i = 0; i < n; i++)
            {
                float xi = row[i];
                if (xi > v || (at == n && xi == v)) { v = xi; at = i; }
            }
            output[r] = at == n ? 0 : at;
        }
    }

    static void RequirePow2Block(LaunchContext c) =>
        c.Require(c.Block.X >= 1 && (c.Block.X & (c.Block.X - 1)) == 0 && c.Block.Y == 1, "blockDim.x must be a power of two (tree reduction)");
}
