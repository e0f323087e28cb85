using LongDoc.Runtime.Backends;

namespace LongDoc.Runtime.Layers;

/// <summary>y = x / sqrt(mean(x^2) + eps) * weight, per row of weight.Length (D for blocks, Dk for per-head q/k norms).</summary>
public sealed class RmsNorm(float[] weight, float eps)
{
    public float[] Weight { get; } = weight;
    public float Eps { get; } = eps;

    /// <summary>x (N, n) -> y (N, n); x and y may alias.</summary>
    public void Forward(IBackend backend, ReadOnlySpan<float> x, Span<float> y) => backend.RmsNorm(x, Weight, y, Eps);
}
