using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Layers;

/// <summary>The attention half of a block: GQA (<see cref="Attention"/>) or MLA (<see cref="MlaAttention"/>).</summary>
public interface IAttention
{
    /// <summary>The matrices it reads (for <see cref="IBackend.Prepare"/>).</summary>
    IEnumerable<WeightMatrix> Weights { get; }

    /// <summary>x (T, D) at positions start.. -> y (T, D); appends what the cache keeps for these positions.</summary>
    void Forward(IBackend backend, RunState state, KvCache cache, ReadOnlySpan<float> x, int start, int tokens, Span<float> y);
}
