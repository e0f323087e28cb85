using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// Rotary position embedding over whole heads of <paramref name="headDim"/> (NEOX or NORM pairing, base freqBase).
/// With <paramref name="freqFactors"/> (GGUF rope_freqs.weight, Dh/2 values: Llama 3.1's rope_scaling "llama3"), pair
/// i turns by theta_i / factor_i, as ggml_rope_ext does with its freq_factors argument.
/// </summary>
public sealed class Rope(RopeStyle style, float freqBase, int headDim, float[]? freqFactors = null)
{
    /// <summary>x (T, heads, headDim) in place for positions start..start+T-1.</summary>
    public void Apply(IBackend backend, Span<float> x, int tokens, int heads, int start)
    {
        if (freqFactors is null) backend.Rope(x, tokens, heads, headDim, start, style, freqBase);
        else ApplyScaled(x, tokens, heads, start, freqFactors);
    }

    // Angles as ggml computes them: theta stepped by base^(-2/Dh) in f32, then divided by the pair's factor. Here
    // rather than in IBackend.Rope, whose signature every backend shares, as YarnRope does for MLA: the rotation is
    // ~Dh/2 sin/cos per token and head, small beside the projections.
    void ApplyScaled(Span<float> x, int tokens, int heads, int start, float[] factors)
    {
        int half = headDim / 2;
        Span<float> cos = stackalloc float[half], sin = stackalloc float[half];
        float thetaScale = MathF.Pow(freqBase, -2f / headDim);
        bool neox = style == RopeStyle.Neox;
        for (int t = 0; t < tokens; t++)
        {
            float theta = start + t;
            for (int i = 0; i < half; i++)
            {
                cos[i] = MathF.Cos(theta / factors[i]);
                sin[i] = MathF.Sin(theta / factors[i]);
                theta *= thetaScale;
            }
            for (int h = 0; h < heads; h++)
            {
                var v = x.Slice((t * heads + h) * headDim, headDim);
                for (int i = 0; i < half; i++)
                {
                    int a = neox ? i : 2 * i, b = neox ? i + half : 2 * i + 1;
                    float x0 = v[a], x1 = v[b];
                    v[a] = x0 * cos[i] - x1 * sin[i];
                    v[b] = x0 * sin[i] + x1 * cos[i];
                }
            }
        }
    }
}
