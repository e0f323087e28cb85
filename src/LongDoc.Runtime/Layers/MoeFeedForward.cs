using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// Router then experts: the FFN of a MoE block; plus, when given, shared experts that every token runs
/// (DeepSeek: ffn_*_shexp, one SwiGLU of width n_shared * F) added after the routed sum, as llama.cpp adds them.
/// </summary>
public sealed class MoeFeedForward(MoeRouter router, Experts experts, Mlp? shared = null) : IFeedForward
{
    public MoeRouter Router => router;
    /// <summary>The routed experts' matrices alone (what <c>--experts cpu</c> keeps in host RAM).</summary>
    public IEnumerable<WeightMatrix> RoutedWeights => experts.Weights;
    /// <summary>Where the routed experts run; null = the block's backend (<c>--experts cpu</c>: the CPU beside a device layer).</summary>
    public IBackend? ExpertBackend { get; set; }
    public IEnumerable<WeightMatrix> Weights => experts.Weights.Prepend(router.Weight).Concat(shared?.Weights ?? []);

    public void Forward(IBackend backend, RunState s, ReadOnlySpan<float> x, int tokens, Span<float> y)
    {
        router.Route(backend, s, x, tokens);                   // ids, weights (T, A)
        experts.Forward(ExpertBackend ?? backend, s, x, tokens, router.Active, y);
        if (shared is null) return;
        var o = s.Down.AsSpan(0, y.Length);                    // (T, D), free once the experts are done
        shared.Forward(backend, s, x, tokens, o);
        backend.Add(y, o);
    }
}
