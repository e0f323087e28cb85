namespace LongDoc.Runtime.Layers;

/// <summary>y = (x - mean(x)) / sqrt(var(x) + eps) * weight + bias over one row (the DSA indexer's key norm).</summary>
public sealed class LayerNorm(float[] weight, float[] bias, float eps)
{
    /// <summary>x (n) in place.</summary>
    public void Forward(Span<float> x)
    {
        float mean = 0;
        foreach (float v in x) mean += v;
        mean /= x.Length;
        float var = 0;
        foreach (float v in x) var += (v - mean) * (v - mean);
        float inv = 1f / MathF.Sqrt(var / x.Length + eps);
        for (int i = 0; i < x.Length; i++) x[i] = (x[i] - mean) * inv * weight[i] + bias[i];
    }
}
