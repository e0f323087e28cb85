using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// Routed SwiGLU experts: y[t] = sum over the A chosen e of w_te * down_e(silu(gate_e x_t) * up_e x_t).
/// Legend: T tokens, D hidden, E experts, A active, F expert FFN width, n_e tokens routed to expert e.
/// Tokens are grouped by expert, so in prefill each expert's weights are read once for all its tokens
/// (x gathered (n_e, D) -> gate, up (n_e, F) -> down (n_e, D) -> scattered with weights into y).
/// A backend with <see cref="IExpertBackend"/> may take the whole layer as one grouped call instead; the weights are
/// prepared as whole 3-D tensors when the experts lie back to back (<see cref="ExpertStack"/>), else per expert.
/// </summary>
public sealed class Experts(WeightMatrix[] gate, WeightMatrix[] up, WeightMatrix[] down)
{
    public IEnumerable<WeightMatrix> Weights => Stacked(gate).Concat(Stacked(up)).Concat(Stacked(down));

    static IEnumerable<WeightMatrix> Stacked(WeightMatrix[] experts) => ExpertStack.TryWhole(experts, out var whole) ? [whole] : experts;

    public void Forward(IBackend backend, RunState s, ReadOnlySpan<float> x, int tokens, int active, Span<float> y)
    {
        int d = down[0].Rows, f = gate[0].Rows, maxT = s.MaxTokens, entries = tokens * active;
        if (backend is IExpertBackend grouped && grouped.TryExperts(
            new ExpertCall(gate, up, down, s.TopIds.AsSpan(0, entries), s.TopWeights.AsSpan(0, entries), tokens, active), x, y)) return;
        Array.Clear(s.ExpertCount);
        for (int t = 0; t < tokens; t++)
            for (int k = 0; k < active; k++)
            {
                int e = s.TopIds[t * active + k], slot = s.ExpertCount[e]++;
                s.ExpertTokens[e * maxT + slot] = t;
                s.ExpertWeights[e * maxT + slot] = s.TopWeights[t * active + k];
            }
        y[..(tokens * d)].Clear();
        for (int e = 0; e < gate.Length; e++)
        {
            int n = s.ExpertCount[e];
            if (n == 0) continue;
            var xe = s.Gathered.AsSpan(0, n * d);                                  // (n_e, D)
            for (int i = 0; i < n; i++) x.Slice(s.ExpertTokens[e * maxT + i] * d, d).CopyTo(xe.Slice(i * d, d));
            var g = s.Gate.AsSpan(0, n * f);                                       // (n_e, F)
            var u = s.Up.AsSpan(0, n * f);                                         // (n_e, F)
            backend.MatMul(gate[e], xe, g, n);
            backend.MatMul(up[e], xe, u, n);
            backend.SiluMul(g, u);
            var o = s.Down.AsSpan(0, n * d);                                       // (n_e, D)
            backend.MatMul(down[e], g, o, n);
            for (int i = 0; i < n; i++)
                backend.AddScaled(y.Slice(s.ExpertTokens[e * maxT + i] * d, d), o.Slice(i * d, d), s.ExpertWeights[e * maxT + i]);
        }
    }
}
