namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>kernels/rope.cu: grid (T, heads), thread i rotates pair i of slice h of token t (threads past dims / 2 exit),
/// theta by repeated f32 multiplication as ggml, divided by the frequency factor when given, YaRN ramp when yarn = 1,
/// cos and sin scaled by magnitude.</summary>
public static class RopeReference
{
    /// <summary>rope(float* x, const float* factors, int heads, int stride, int offset, int dims, int start, int neox,
    /// float thetaScale, int yarn, float freqScale, float low, float high, float magnitude).</summary>
    public static void Rope(LaunchContext c)
    {
        var x = c.Ptr<float>(0, "x");
        var factors = c.Ptr<float>(1, "factors");
        int heads = c.Int(2), stride = c.Int(3), offset = c.Int(4), dims = c.Int(5), start = c.Int(6);
        bool neox = c.Int(7) != 0, yarn = c.Int(9) != 0;
        float thetaScale = c.Float(8), freqScale = c.Float(10), low = c.Float(11), high = c.Float(12), magnitude = c.Float(13);
        int half = dims / 2;
        for (int t = 0; t < c.Grid.X; t++)
            for (int h = 0; h < c.Grid.Y; h++)
                for (int i = 0; i < c.Block.X && i < half; i++)
                {
                    float theta = start + t;
                    for (int j = 0; j < i; j++) theta *= thetaScale;
                    float extrap = factors.IsNull ? theta : theta / factors[i];
                    float angle = extrap * freqScale;
                    if (yarn)
                    {
                        float y = (i - low) / MathF.Max(0.001f, high - low);
                        float ramp = 1f - MathF.Min(1f, MathF.Max(0f, y));
                        angle = angle * (1f - ramp) + extrap * ramp;
                    }
                    float cos = MathF.Cos(angle) * magnitude, sin = MathF.Sin(angle) * magnitude;
                    var v = x.Plus(((long)t * heads + h) * stride + offset);
                    int a = neox ? i : 2 * i, b = neox ? i + half : 2 * i + 1;
                    float x0 = v[a], x1 = v[b];
                    v[a] = x0 * cos - x1 * sin;
                    v[b] = x0 * sin + x1 * cos;
                }
    }
}
