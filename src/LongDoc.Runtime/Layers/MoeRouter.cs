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
/// Ties go to the lower index, so the choice is deterministic. The projection and the routing are backend ops
/// (<see cref="IBackend.Route"/>); <see cref="MinGap"/> records the smallest margin at the A-th expert and at the last
/// chosen group that the backend measured, because a near-tie can flip against another implementation.
/// </summary>
public sealed class MoeRouter(WeightMatrix gate, RouterOptions options, float[]? bias = null)
{
    /// <summary>qwen3moe's router: softmax, top-A, optionally renormalized.</summary>
    public MoeRouter(WeightMatrix gate, int active, bool normalize) : this(gate, new RouterOptions(active, Normalize: normalize)) { }

    public int Experts => gate.Rows;
    public WeightMatrix Weight => gate;
    public int Active => options.Active;
    public RouterOptions Options => options;

    /// <summary>Smallest margin at a selection boundary over all routed tokens since the last reset (diagnostics, oracle
    /// tests); +inf where the backend does not measure it (the device).</summary>
    public float MinGap { get; private set; } = float.PositiveInfinity;

    public void ResetMinGap() => MinGap = float.PositiveInfinity;

    public void Route(IBackend backend, RunState s, ReadOnlySpan<float> x, int tokens)
    {
        int e = Experts, a = Active;
        var logits = s.Router.AsSpan(0, tokens * e);
        backend.MatMul(gate, x, logits, tokens);               // (T, E) logits
        float gap = backend.Route(logits, tokens, e, options, bias, s.TopIds.AsSpan(0, tokens * a), s.TopWeights.AsSpan(0, tokens * a));
        MinGap = Math.Min(MinGap, gap);
    }
}
