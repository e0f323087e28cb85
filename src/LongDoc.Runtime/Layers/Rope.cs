using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Layers;

/// <summary>Rotary position embedding over whole heads of <paramref name="headDim"/> (NEOX or NORM pairing, base freqBase).</summary>
public sealed class Rope(RopeStyle style, float freqBase, int headDim)
{
    /// <summary>x (T, heads, headDim) in place for positions start..start+T-1.</summary>
    public void Apply(IBackend backend, Span<float> x, int tokens, int heads, int start) =>
        backend.Rope(x, tokens, heads, headDim, start, style, freqBase);
}
