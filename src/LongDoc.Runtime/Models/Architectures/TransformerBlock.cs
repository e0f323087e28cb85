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
