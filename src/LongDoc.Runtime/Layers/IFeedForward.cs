using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Layers;

/// <summary>The FFN half of a block: dense SwiGLU (<see cref="Mlp"/>) or routed experts (<see cref="MoeFeedForward"/>).</summary>
public interface IFeedForward
{
    /// <summary>The matrices it reads (for <see cref="IBackend.Prepare"/>).</summary>
    IEnumerable<WeightMatrix> Weights { get; }

    /// <summary>x (T, D) -> y (T, D), scratch from <paramref name="state"/>.</summary>
    void Forward(IBackend backend, RunState state, ReadOnlySpan<float> x, int tokens, Span<float> y);
}
