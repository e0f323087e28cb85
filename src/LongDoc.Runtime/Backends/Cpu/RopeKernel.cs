namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Rotary position embedding as ggml's rope (no YaRN scaling): for pair i of a head, theta_i = pos * base^(-2i/Dh),
/// computed as ggml does, by repeated multiplication in f32 (theta *= base^(-2/Dh)), so angles match it bit for bit.
/// NEOX pairs (i, i + Dh/2) (Qwen, GPT-NeoX); NORM pairs (2i, 2i+1) (LLaMA in ggml layout).
/// x (T, heads, Dh) in place, position of token t = start + t. With <c>freqFactors</c> (Dh/2 values, GGUF
/// rope_freqs.weight: Llama 3.1's rope_scaling "llama3") pair i turns by theta_i / factor_i, as ggml_rope_ext does.
/// </summary>
internal static class RopeKernel
{
    public static void Apply(Span<float> x, int tokens, int heads, int headDim, int start, Models.RopeStyle style, float freqBase,
        ReadOnlySpan<float> freqFactors = default)
    {
        int half = headDim / 2;
        Span<float> cos = stackalloc float[half];
        Span<float> sin = stackalloc float[half];
        float thetaScale = MathF.Pow(freqBase, -2f / headDim);
        bool neox = style == Models.RopeStyle.Neox;
        for (int t = 0; t < tokens; t++)
        {
            float theta = start + t;
            for (int i = 0; i < half; i++)
            {
                float angle = freqFactors.IsEmpty ? theta : theta / freqFactors[i];
                cos[i] = MathF.Cos(angle);
                sin[i] = MathF.Sin(angle);
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
