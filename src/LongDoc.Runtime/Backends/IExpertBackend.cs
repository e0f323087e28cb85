using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends;

/// <summary>
/// The routed experts of one MoE layer for one batch, as the router left them. Legend: T tokens, A active experts
/// per token, E experts, D hidden, F expert FFN width. Ids (T, A) and Weights (T, A) in the router's slot order, the
/// weights already normalized and scaled (routed_scaling_factor); Gate and Up (E) matrices (F, D), Down (E) (D, F).
/// </summary>
public readonly ref struct ExpertCall(WeightMatrix[] gate, WeightMatrix[] up, WeightMatrix[] down,
    ReadOnlySpan<int> ids, ReadOnlySpan<float> weights, int tokens, int active)
{
    public WeightMatrix[] Gate { get; } = gate;
    public WeightMatrix[] Up { get; } = up;
    public WeightMatrix[] Down { get; } = down;
    public ReadOnlySpan<int> Ids { get; } = ids;
    public ReadOnlySpan<float> Weights { get; } = weights;
    public int Tokens { get; } = tokens;
    public int Active { get; } = active;

    public int Experts => Gate.Length;
    public int Hidden => Down[0].Rows;
    public int Ffn => Gate[0].Rows;
}

/// <summary>
/// A backend that runs a layer's routed experts as one grouped call (CUDA: permute, grouped GEMMs, weighted gather)
/// instead of one MatMul per expert. Optional, as <see cref="ISparseAttention"/> is: Layers/Experts.cs asks it first and
/// runs its per-expert path when the backend lacks it or declines the call.
/// </summary>
public interface IExpertBackend
{
    /// <summary>
    /// y (T, D) = sum over a of Weights[t, a] * down_e(silu(gate_e x_t) * up_e x_t), e = Ids[t, a], from x (T, D);
    /// y is overwritten. Returns false, y untouched, when this backend does not take the call (weight types, widths).
    /// </summary>
    bool TryExperts(in ExpertCall call, ReadOnlySpan<float> x, Span<float> y);
}

/// <summary>
/// Per-expert matrices that lie back to back in memory (GGUF's 3-D expert tensors: expert e at + e * expert bytes)
/// seen as one (E * Rows, Cols) matrix, so a backend prepares (uploads) the whole tensor once.
/// </summary>
public static unsafe class ExpertStack
{
    /// <summary>The whole tensor when every expert has the first one's type and shape and follows it directly; else false.</summary>
    public static bool TryWhole(WeightMatrix[] experts, out WeightMatrix whole)
    {
        whole = default;
        if (experts.Length == 0 || (long)experts.Length * experts[0].Rows > int.MaxValue) return false;
        var first = experts[0];
        for (int e = 1; e < experts.Length; e++)
        {
            var m = experts[e];
            if (m.Type != first.Type || m.Rows != first.Rows || m.Cols != first.Cols || m.Data != first.Data + e * first.ByteCount) return false;
        }
        whole = new WeightMatrix(first.Type, experts.Length * first.Rows, first.Cols, first.Data);
        return true;
    }
}
