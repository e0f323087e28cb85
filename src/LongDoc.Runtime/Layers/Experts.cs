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
/// Decode (one token) takes two parallel calls instead of 3A (<see cref="DecodeOne"/>): dispatches, not weight bytes,
/// are what a small expert costs there.
/// </summary>
public sealed class Experts(WeightMatrix[] gate, WeightMatrix[] up, WeightMatrix[] down)
{
    // The chosen experts' matrices for one decoded token: gate of each (A), then up of each (A); reused.
    WeightMatrix[] _chosen = [];
    int[] _order = [];
    readonly bool _uniform = SameShape(gate) && SameShape(up) && SameShape(down);
    readonly bool _gateUpAlike = SameShape([gate[0], up[0]]);

    public IEnumerable<WeightMatrix> Weights => Stacked(gate).Concat(Stacked(up)).Concat(Stacked(down));

    static IEnumerable<WeightMatrix> Stacked(WeightMatrix[] experts) => ExpertStack.TryWhole(experts, out var whole) ? [whole] : experts;

    public void Forward(IBackend backend, RunState s, ReadOnlySpan<float> x, int tokens, int active, Span<float> y)
    {
        int d = down[0].Rows, f = gate[0].Rows, maxT = s.MaxTokens, entries = tokens * active;
        if (backend is IExpertBackend grouped && grouped.TryExperts(
            new ExpertCall(gate, up, down, s.TopIds.AsSpan(0, entries), s.TopWeights.AsSpan(0, entries), tokens, active), x, y)) return;
        if (tokens == 1 && 2 * active <= maxT && _uniform)
        {
            DecodeOne(backend, s, x, active, y);
            return;
        }
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

    /// <summary>
    /// One token through its A experts: gate and up of every chosen expert as one MatMulPerToken over the token copied
    /// once per matrix ((2A, D) -> (2A, F); two calls when gate and up differ in type), SwiGLU, then every down as one
    /// more ((A, F) -> (A, D)), summed with the router weights in expert order. MatMulPerToken gives each row what a
    /// MatMul of that matrix alone gives, and the sum runs in the grouped path's order, so y is bit-identical to it.
    /// </summary>
    void DecodeOne(IBackend backend, RunState s, ReadOnlySpan<float> x, int active, Span<float> y)
    {
        int d = down[0].Rows, f = gate[0].Rows;
        if (_chosen.Length < 2 * active) (_chosen, _order) = (new WeightMatrix[2 * active], new int[active]);
        var byExpert = _order.AsSpan(0, active);                                    // slots by expert id: the grouped path's order
        for (int k = 0; k < active; k++)
        {
            int j = k;
            for (; j > 0 && s.TopIds[byExpert[j - 1]] > s.TopIds[k]; j--) byExpert[j] = byExpert[j - 1];
            byExpert[j] = k;
        }
        for (int k = 0; k < active; k++)
        {
            _chosen[k] = gate[s.TopIds[byExpert[k]]];
            _chosen[active + k] = up[s.TopIds[byExpert[k]]];
        }
        var xs = s.Gathered.AsSpan(0, 2 * active * d);                             // (2A, D): x once per matrix
        for (int i = 0; i < 2 * active; i++) x[..d].CopyTo(xs.Slice(i * d, d));
        var gu = s.Gate.AsSpan(0, 2 * active * f);                                 // (2A, F): gates, then ups
        if (_gateUpAlike)
            backend.MatMulPerToken(_chosen.AsSpan(0, 2 * active), xs, gu);
        else
        {
            backend.MatMulPerToken(_chosen.AsSpan(0, active), xs[..(active * d)], gu[..(active * f)]);
            backend.MatMulPerToken(_chosen.AsSpan(active, active), xs[..(active * d)], gu[(active * f)..]);
        }
        var h = gu[..(active * f)];                                                // (A, F)
        for (int k = 0; k < active; k++) backend.SiluMul(h.Slice(k * f, f), gu.Slice((active + k) * f, f));
        for (int k = 0; k < active; k++) _chosen[k] = down[s.TopIds[byExpert[k]]];
        var o = s.Down.AsSpan(0, active * d);                                      // (A, D)
        backend.MatMulPerToken(_chosen.AsSpan(0, active), h, o);
        y[..d].Clear();
        for (int k = 0; k < active; k++) backend.AddScaled(y[..d], o.Slice(k * d, d), s.TopWeights[byExpert[k]]);
    }

    static bool SameShape(ReadOnlySpan<WeightMatrix> m)
    {
        foreach (var w in m)
            if (w.Type != m[0].Type || w.Rows != m[0].Rows || w.Cols != m[0].Cols) return false;
        return true;
    }
}
