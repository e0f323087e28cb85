using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Layers;

/// <summary>How a router turns logits into chosen experts and weights (llama.cpp's build_moe_ffn arguments).</summary>
/// <param name="Active">A, experts per token.</param>
/// <param name="Gating">Softmax over all E (qwen3moe, DeepSeek-V2) or an independent sigmoid per expert (V3).</param>
/// <param name="Normalize">Divide the A weights by their sum (norm_topk_prob / expert_weights_norm).</param>
/// <param name="Scale">Multiply the weights by this (routed_scaling_factor); 0 means 1.</param>
/// <param name="Groups">Experts split into this many equal groups (n_group); 0 or 1 = no groups.</param>
/// <param name="GroupsUsed">A token picks its A experts from only this many groups (topk_group).</param>
public sealed record RouterOptions(int Active, ExpertGating Gating = ExpertGating.Softmax, bool Normalize = true,
    float Scale = 0f, int Groups = 0, int GroupsUsed = 0);

/// <summary>
/// Token-choice router as llama.cpp's build_moe_ffn. Legend: T tokens, D hidden, E experts, A active, G groups.
/// x (T, D) @ Wg (E, D)^T -> logits (T, E) -> gate (softmax or sigmoid) -> scores p (T, E)
/// -> selection scores p + b (b = exp_probs_b, DeepSeek-V3's score-correction bias: it picks, it never weighs)
/// -> [groups: each group's score is the sum of its two best selection scores; all but the best GroupsUsed groups
///    are masked out] -> top-A -> weights p of the chosen (T, A), ids (T, A) -> [/ sum, clamped at 2^-14] -> [* Scale].
/// Ties go to the lower index, so the choice is deterministic; <see cref="MinGap"/> records the smallest margin at
/// the A-th expert and at the last chosen group, because a near-tie can flip against another implementation.
/// </summary>
public sealed class MoeRouter(WeightMatrix gate, RouterOptions options, float[]? bias = null)
{
    /// <summary>Gate functions by kind: data, not branches.</summary>
    static readonly Dictionary<ExpertGating, Action<IBackend, Span<float>, int>> Gates = new()
    {
        [ExpertGating.Softmax] = (backend, logits, e) => backend.Softmax(logits, e),
        [ExpertGating.Sigmoid] = (_, logits, _) => { foreach (ref float v in logits) v = 1f / (1f + MathF.Exp(-v)); },
    };

    /// <summary>qwen3moe's router: softmax, top-A, optionally renormalized.</summary>
    public MoeRouter(WeightMatrix gate, int active, bool normalize) : this(gate, new RouterOptions(active, Normalize: normalize)) { }

    public int Experts => gate.Rows;
    public WeightMatrix Weight => gate;
    public int Active => options.Active;
    public RouterOptions Options => options;

    /// <summary>Smallest margin at a selection boundary over all routed tokens since the last reset (diagnostics, oracle tests).</summary>
    public float MinGap { get; private set; } = float.PositiveInfinity;

    public void ResetMinGap() => MinGap = float.PositiveInfinity;

    public void Route(IBackend backend, RunState s, ReadOnlySpan<float> x, int tokens)
    {
        int e = Experts, a = Active;
        var probs = s.Router.AsSpan(0, tokens * e);
        backend.MatMul(gate, x, probs, tokens);                // (T, E) logits
        Gates[options.Gating](backend, probs, e);              // (T, E) scores
        Span<float> selection = e <= 1024 ? stackalloc float[e] : new float[e];
        for (int t = 0; t < tokens; t++)
        {
            var p = probs.Slice(t * e, e);
            p.CopyTo(selection);
            if (bias is not null) System.Numerics.Tensors.TensorPrimitives.Add(selection, bias, selection);
            if (options.Groups > 1) MaskGroups(selection);
            SelectTopK(p, selection, s.TopIds.AsSpan(t * a, a), s.TopWeights.AsSpan(t * a, a));
        }
    }

    /// <summary>Leaves only the experts of the GroupsUsed groups whose two best selection scores sum highest.</summary>
    void MaskGroups(Span<float> selection)
    {
        int g = options.Groups, size = selection.Length / g;
        Span<float> groupScore = stackalloc float[g];
        for (int i = 0; i < g; i++)
        {
            float best = float.NegativeInfinity, second = float.NegativeInfinity;
            foreach (float v in selection.Slice(i * size, size))
                if (v > best) { second = best; best = v; } else if (v > second) second = v;
            groupScore[i] = size > 1 ? best + second : best;
        }
        Span<bool> keep = stackalloc bool[g];
        float last = 0;
        for (int k = 0; k < options.GroupsUsed; k++)
        {
            int pick = -1;
            for (int i = 0; i < g; i++) if (!keep[i] && (pick < 0 || groupScore[i] > groupScore[pick])) pick = i;
            keep[pick] = true;
            last = groupScore[pick];
        }
        float next = float.NegativeInfinity;
        for (int i = 0; i < g; i++) if (!keep[i]) next = Math.Max(next, groupScore[i]);
        if (options.GroupsUsed < g) MinGap = Math.Min(MinGap, last - next);
        for (int i = 0; i < g; i++) if (!keep[i]) selection.Slice(i * size, size).Fill(float.NegativeInfinity);
    }

    void SelectTopK(ReadOnlySpan<float> p, ReadOnlySpan<float> selection, Span<int> ids, Span<float> weights)
    {
        int active = ids.Length;
        // A is small (<= 8 typically): repeated selection beats sorting E entries.
        float sum = 0;
        for (int k = 0; k < active; k++)
        {
            int best = -1;
            for (int j = 0; j < selection.Length; j++)
                if (!ids[..k].Contains(j) && (best < 0 || selection[j] > selection[best])) best = j;
            ids[k] = best;
            weights[k] = p[best];
            sum += p[best];
        }
        float next = float.NegativeInfinity;
        for (int j = 0; j < selection.Length; j++)
            if (!ids.Contains(j)) next = Math.Max(next, selection[j]);
        if (!float.IsNegativeInfinity(next)) MinGap = Math.Min(MinGap, selection[ids[active - 1]] - next);
        if (options.Normalize)
            for (int k = 0; k < active; k++) weights[k] /= Math.Max(sum, 6.103515625e-5f);
        if (options.Scale != 0f)
            for (int k = 0; k < active; k++) weights[k] *= options.Scale;
    }
}
