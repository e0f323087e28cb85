using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// Rotary position embedding over whole heads of <paramref name="headDim"/> (NEOX or NORM pairing, base freqBase).
/// With <paramref name="freqFactors"/> (GGUF rope_freqs.weight, Dh/2 values: Llama 3.1's rope_scaling "llama3"), pair
/// i turns by theta_i / factor_i, as ggml_rope_ext does with its freq_factors argument. One backend op per call.
/// </summary>
public sealed class Rope(RopeStyle style, float freqBase, int headDim, float[]? freqFactors = null)
{
    readonly RopeParams _params = RopeParams.Plain(style, freqBase, headDim, freqFactors);

    /// <summary>x (T, heads, headDim) in place for positions start..start+T-1.</summary>
    public void Apply(IBackend backend, Span<float> x, int tokens, int heads, int start) =>
        backend.Rope(x, tokens, heads, headDim, 0, start, _params);
}
