using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Layers;

/// <summary>The FFN half of a block: dense SwiGLU (<see cref="Mlp"/>) or routed experts (<see cref="MoeFeedForward"/>).</summary>
public interface IFeedForward
{
    /// <summary>x (T, D) -> y (T, D), scratch from <paramref name="state"/>.</summary>
    void Forward(IBackend backend, RunState state, ReadOnlySpan<float> x, int tokens, Span<float> y);
}
