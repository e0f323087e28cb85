using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Layers;

/// <summary>Router then experts: the FFN of a MoE block (qwen3moe: no shared experts).</summary>
public sealed class MoeFeedForward(MoeRouter router, Experts experts) : IFeedForward
{
    public MoeRouter Router => router;
    public IEnumerable<WeightMatrix> Weights => experts.Weights.Prepend(router.Weight);

    public void Forward(IBackend backend, RunState s, ReadOnlySpan<float> x, int tokens, Span<float> y)
    {
        router.Route(backend, s, x, tokens);                   // ids, weights (T, A)
        experts.Forward(backend, s, x, tokens, router.Active, y);
    }
}
