using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// Token-choice router as llama.cpp's build_moe_ffn with softmax gating (qwen3moe):
/// x (T, D) @ Wg (E, D)^T -> logits (T, E) -> softmax over all E -> top-A -> weights (T, A), ids (T, A),
/// renormalized to sum 1 when <c>normalize</c> (norm_topk_prob). Ties go to the lower expert index, so the
/// choice is deterministic; <see cref="MinGap"/> records the smallest margin between the A-th and (A+1)-th
/// probability seen, because a near-tie can flip an expert against another implementation without a bug.
/// </summary>
public sealed class MoeRouter(WeightMatrix gate, int active, bool normalize)
{
    public int Experts => gate.Rows;
    public WeightMatrix Weight => gate;
    public int Active => active;

    /// <summary>Smallest p_A - p_(A+1) over all routed tokens since the last reset (diagnostics, oracle tests).</summary>
    public float MinGap { get; private set; } = float.PositiveInfinity;

    public void ResetMinGap() => MinGap = float.PositiveInfinity;

    public void Route(IBackend backend, RunState s, ReadOnlySpan<float> x, int tokens)
    {
        int e = Experts;
        var probs = s.Router.AsSpan(0, tokens * e);
        backend.MatMul(gate, x, probs, tokens);                // (T, E) logits
        backend.Softmax(probs, e);                             // (T, E) probabilities
        for (int t = 0; t < tokens; t++)
            SelectTopK(probs.Slice(t * e, e), s.TopIds.AsSpan(t * active, active), s.TopWeights.AsSpan(t * active, active));
    }

    void SelectTopK(ReadOnlySpan<float> p, Span<int> ids, Span<float> weights)
    {
        // A is small (<= 8 typically): repeated selection beats sorting E entries.
        float sum = 0;
        for (int k = 0; k < active; k++)
        {
            int best = -1;
            for (int j = 0; j < p.Length; j++)
                if (!ids[..k].Contains(j) && (best < 0 || p[j] > p[best])) best = j;
            ids[k] = best;
            weights[k] = p[best];
            sum += p[best];
        }
        if (active < p.Length)
        {
            float next = float.NegativeInfinity;
            for (int j = 0; j < p.Length; j++)
                if (!ids.Contains(j)) next = Math.Max(next, p[j]);
            MinGap = Math.Min(MinGap, weights[active - 1] - next);
        }
        if (normalize)
            for (int k = 0; k < active; k++) weights[k] /= sum;
    }
}
