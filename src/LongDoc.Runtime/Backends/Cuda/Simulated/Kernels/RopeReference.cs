namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>kernels/rope.cu: grid (T, heads), thread i rotates pair i of slice h of token t (threads past dims / 2 exit),
/// theta by repeated f32 multiplication as ggml, YaRN ramp and magnitude when yarn = 1.</summary>
public static class RopeReference
{
    /// <summary>rope(float* x, int heads, int stride, int offset, int dims, int start, int neox, float thetaScale, int yarn,
    /// float freqScale, float low, float high, float magnitude).</summary>
    public static void Rope(LaunchContext c)
    {
        var x = c.Ptr<float>(0, "x");
        int heads = c.Int(1), stride = c.Int(2), offset = c.Int(3), dims = c.Int(4), start = c.Int(5);
        bool neox = c.Int(6) != 0, yarn = c.Int(8) != 0;
        float thetaScale = c.Float(7), freqScale = c.Float(9), low = c.Float(10), high = c.Float(11), magnitude = c.Float(12);
        int half = dims / 2;
        for (int t = 0; t < c.Grid.X; t++)
            for (int h = 0; h < c.Grid.Y; h++)
                for (int i = 0; i < c.Block.X && i < half; i++)
                {
                    float theta = start + t;
                    for (int j = 0; j < i; j++) theta *= thetaScale;
                    float angle = theta, mag = 1f;
                    if (yarn)
                    {
                        float y = (i - low) / MathF.Max(0.001f, high - low);
                        float ramp = 1f - MathF.Min(1f, MathF.Max(0f, y));
                        angle = theta * freqScale * (1f - ramp) + theta * ramp;
                        mag = magnitude;
                    }
                    float cos = MathF.Cos(angle) * mag, sin = MathF.Sin(angle) * mag;
                    var v = x.Plus(((long)t * heads + h) * stride + offset);
                    int a = neox ? i : 2 * i, b = neox ? i + half : 2 * i + 1;
                    float x0 = v[a], x1 = v[b];
                    v[a] = x0 * cos - x1 * sin;
                    v[b] = x0 * sin + x1 * cos;
                }
    }
}
