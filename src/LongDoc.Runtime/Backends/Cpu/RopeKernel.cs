namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Rotary position embedding as ggml's rope_ext / rope_yarn (<see cref="RopeParams"/> has the formula): angles by
/// repeated f32 multiplication as ggml computes them, so they match it bit for bit; cos and sin once per token,
/// shared by its heads. x (T, heads, stride) in place, slice [offset, offset + dims) of each row, position of token t
/// = start + t.
/// </summary>
internal static class RopeKernel
{
    public static void Apply(Span<float> x, int tokens, int heads, int stride, int offset, int start, RopeParams p)
    {
        int dims = p.Dims, half = dims / 2;
        if (dims < 2 || dims % 2 != 0 || offset < 0 || offset + dims > stride)
            throw new ArgumentException($"rope: slice {offset}..{offset + dims} of a row of {stride} (an even width inside the row needed)");
        if (x.Length < (long)tokens * heads * stride) throw new ArgumentException($"rope: x holds {x.Length} floats, ({tokens},{heads},{stride}) needed");
        Span<float> cos = half <= 512 ? stackalloc float[half] : new float[half];
        Span<float> sin = half <= 512 ? stackalloc float[half] : new float[half];
        ReadOnlySpan<float> factors = p.FreqFactors;
        for (int t = 0; t < tokens; t++)
        {
            float theta = start + t;
            for (int i = 0; i < half; i++)
            {
                float extrap = factors.IsEmpty ? theta : theta / factors[i];
                float angle = extrap * p.FreqScale;
                if (p.Yarn)
                {
                    float y = (i - p.Low) / MathF.Max(0.001f, p.High - p.Low);
                    float ramp = 1 - MathF.Min(1, MathF.Max(0, y));
                    angle = angle * (1 - ramp) + extrap * ramp;
                }
                cos[i] = MathF.Cos(angle) * p.Magnitude;
                sin[i] = MathF.Sin(angle) * p.Magnitude;
                theta *= p.ThetaScale;
            }
            for (int h = 0; h < heads; h++)
            {
                var v = x.Slice((t * heads + h) * stride + offset, dims);
                for (int i = 0; i < half; i++)
                {
                    int a = p.Neox ? i : 2 * i, b = p.Neox ? i + half : 2 * i + 1;
                    float x0 = v[a], x1 = v[b];
                    v[a] = x0 * cos[i] - x1 * sin[i];
                    v[b] = x0 * sin[i] + x1 * cos[i];
                }
            }
        }
    }
}
