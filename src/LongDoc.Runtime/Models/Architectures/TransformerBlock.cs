using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Layers;

namespace LongDoc.Runtime.Models;

/// <summary>
/// One pre-norm decoder block: x += attn(attn_norm(x)); x += ffn(ffn_norm(x)). x (T, D) is RunState.X.
/// </summary>
public sealed class TransformerBlock(RmsNorm attnNorm, IAttention attention, RmsNorm ffnNorm, IFeedForward ffn)
{
    public IAttention Attention => attention;
    public IFeedForward FeedForward => ffn;
    public IEnumerable<Weights.WeightMatrix> Weights => attention.Weights.Concat(ffn.Weights);
    /// <summary>The routed experts' matrices (none in a dense block): what <c>--experts cpu</c> leaves in host RAM.</summary>
    public IEnumerable<Weights.WeightMatrix> ExpertWeights => ffn is MoeFeedForward m ? m.RoutedWeights : [];
    /// <summary>Every other matrix (attention, router, shared experts, dense FFN): on the layer's backend.</summary>
    public unsafe IEnumerable<Weights.WeightMatrix> LayerWeights
    {
        get
        {
            var experts = ExpertWeights.Select(w => (nint)w.Data).ToHashSet();
            return Weights.Where(w => !experts.Contains((nint)w.Data));
        }
    }

    /// <summary>Runs the routed experts on <paramref name="backend"/> instead of the block's own (no-op in a dense block).</summary>
    public void PlaceExperts(IBackend backend)
    {
        if (ffn is MoeFeedForward m) m.ExpertBackend = backend;
    }

    public void Forward(IBackend backend, RunState s, KvCache cache, int start, int tokens, int d)
    {
        var x = s.X.AsSpan(0, tokens * d);
        var xn = s.Xn.AsSpan(0, tokens * d);
        var o = s.Out.AsSpan(0, tokens * d);
        attnNorm.Forward(backend, x, xn);
        attention.Forward(backend, s, cache, xn, start, tokens, o);
        backend.Add(x, o);
        ffnNorm.Forward(backend, x, xn);
        ffn.Forward(backend, s, xn, tokens, o);
        backend.Add(x, o);
    }
}
