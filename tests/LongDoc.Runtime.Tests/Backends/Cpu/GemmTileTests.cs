using LongDoc.Runtime.Backends.Cpu;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

public unsafe class GemmTileTests
{
    [Fact]
    public void Vector512Path_Lengths0To300_EqualsScalar()
    {
        if (!KernelData.Has512) return;
        var rng = new Random(18);
        for (int k = 0; k <= KernelData.MaxLength; k++)
        {
            int wStride = k + 3, xStride = k + 5; // strides wider than k: rows are views into larger buffers
            var w = KernelData.Floats(rng, 4 * wStride);
            var x = KernelData.Floats(rng, 4 * xStride);
            var fast = new float[4 * 7];
            var scalar = new float[4 * 7];
            fixed (float* pw = w)
            fixed (float* px = x)
            fixed (float* pf = fast)
            fixed (float* ps = scalar)
            {
                GemmTile.Vector512Path(pw, wStride, px, xStride, k, pf, 7);
                GemmTile.Scalar(pw, wStride, px, xStride, k, ps, 7);
            }
            for (int t = 0; t < 4; t++)
                for (int r = 0; r < 4; r++)
                {
                    float mag = 0;
                    for (int i = 0; i < k; i++) mag += MathF.Abs(w[r * wStride + i] * x[t * xStride + i]);
                    KernelData.Close(scalar[t * 7 + r], fast[t * 7 + r], mag, $"k={k} t={t} r={r}");
                }
        }
    }
}
