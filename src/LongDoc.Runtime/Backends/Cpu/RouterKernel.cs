using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// MoE routing on the CPU, the rules of Layers/MoeRouter.cs: per token gate scores p (softmax over E, or an independent
/// sigmoid per expert) -> selection scores p + bias -> [groups: all but the GroupsUsed groups whose two best selection
/// scores sum highest masked out] -> top-A by selection score, ties to the lower index -> weights p of the chosen
/// -> [/ max(sum, 2^-14)] -> [* Scale]. Returns the smallest margin at the A-th expert and at the last kept group.
/// </summary>
internal static class RouterKernel
{
    /// <summary>Gate functions by kind: data, not branches. Each turns one row of E logits into scores in place.</summary>
    static readonly Dictionary<ExpertGating, RowGate> Gates = new()
    {
        [ExpertGating.Softmax] = AttentionJob.SoftmaxInPlace,
        [ExpertGating.Sigmoid] = row => { foreach (ref float v in row) v = 1f / (1f + MathF.Exp(-v)); },
    };

    delegate void RowGate(Span<float> row);

    public static float Route(Span<float> logits, int tokens, int experts, RouterOptions o, ReadOnlySpan<float> bias, Span<int> ids, Span<float> weights)
    {
        int a = o.Active;
        if (experts < 1 || a < 1 || a > experts || logits.Length < tokens * experts || ids.Length < tokens * a || weights.Length < tokens * a)
            throw new ArgumentException($"route: {tokens} tokens choosing {a} of {experts} experts from {logits.Length} logits into {ids.Length} ids");
        if (!bias.IsEmpty && bias.Length != experts) throw new ArgumentException($"route: a bias of {bias.Length} for {experts} experts");
        if (o.Groups > 1 && (experts % o.Groups != 0 || o.GroupsUsed < 1 || o.GroupsUsed > o.Groups))
            throw new ArgumentException($"route: {o.Groups} groups ({o.GroupsUsed} used) do not split {experts} experts");
        var gate = Gates[o.Gating];
        Span<float> selection = experts <= 1024 ? stackalloc float[experts] : new float[experts];
        float gap = float.PositiveInfinity;
        for (int t = 0; t < tokens; t++)
        {
            var p = logits.Slice(t * experts, experts);
            gate(p);
            p.CopyTo(selection);
            if (!bias.IsEmpty) System.Numerics.Tensors.TensorPrimitives.Add(selection, bias, selection);
            if (o.Groups > 1) gap = Math.Min(gap, MaskGroups(selection, o.Groups, o.GroupsUsed));
            gap = Math.Min(gap, SelectTopK(p, selection, ids.Slice(t * a, a), weights.Slice(t * a, a), o));
        }
        return gap;
    }

    /// <summary>Leaves only the experts of the <paramref name="used"/> groups whose two best selection scores sum
    /// highest; returns the margin of the last kept group over the best dropped one.</summary>
    static float MaskGroups(Span<float> selection, int groups, int used)
    {
        int size = selection.Length / groups;
        Span<float> groupScore = stackalloc float[groups];
        for (int i = 0; i < groups; i++)
        {
            float best = float.NegativeInfinity, second = float.NegativeInfinity;
            foreach (float v in selection.Slice(i * size, size))
                if (v > best) { second = best; best = v; } else if (v > second) second = v;
            groupScore[i] = size > 1 ? best + second : best;
        }
        Span<bool> keep = stackalloc bool[groups];
        float last = 0;
        for (int k = 0; k < used; k++)
        {
            int pick = -1;
            for (int i = 0; i < groups; i++) if (!keep[i] && (pick < 0 || groupScore[i] > groupScore[pick])) pick = i;
            keep[pick] = true;
            last = groupScore[pick];
        }
        float next = float.NegativeInfinity;
        for (int i = 0; i < groups; i++) if (!keep[i]) next = Math.Max(next, groupScore[i]);
        for (int i = 0; i < groups; i++) if (!keep[i]) selection.Slice(i * size, size).Fill(float.NegativeInfinity);
        return used < groups ? last - next : float.PositiveInfinity;
    }

    /// <summary>Top-A by selection score into ids and weights; returns the margin of the A-th over the next.</summary>
    static float SelectTopK(ReadOnlySpan<float> p, ReadOnlySpan<float> selection, Span<int> ids, Span<float> weights, RouterOptions o)
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
        if (o.Normalize)
            for (int k = 0; k < active; k++) weights[k] /= Math.Max(sum, 6.103515625e-5f);
        if (o.Scale != 0f)
            for (int k = 0; k < active; k++) weights[k] *= o.Scale;
        return float.IsNegativeInfinity(next) ? float.PositiveInfinity : selection[ids[active - 1]] - next;
    }
}
