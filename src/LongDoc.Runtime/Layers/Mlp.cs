using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// Dense SwiGLU FFN: y = down(silu(gate x) * up x). Legend: T tokens, D hidden, F FFN width.
/// </summary>
public sealed class Mlp(WeightMatrix gate, WeightMatrix up, WeightMatrix down) : IFeedForward
{
    public IEnumerable<WeightMatrix> Weights => [gate, up, down];

    public void Forward(IBackend backend, RunState s, ReadOnlySpan<float> x, int tokens, Span<float> y)
    {
        int f = gate.Rows;
        var g = s.Gate.AsSpan(0, tokens * f);                 // (T, F)
        var u = s.Up.AsSpan(0, tokens * f);                   // (T, F)
        backend.MatMul(gate, x, g, tokens);
        backend.MatMul(up, x, u, tokens);
        backend.SiluMul(g, u);
        backend.MatMul(down, g, y, tokens);                   // (T, D)
    }
}
