using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Backends;

/// <summary>
/// One block-sparse attention call. Legend: T tokens, H heads, Hkv KV heads, Dk key length, Dv value length.
/// q (T, H*Dk) at positions Start.. over the cache of <see cref="Layer"/>; head h reads KV head h / (H / Hkv).
/// <see cref="LatentValueLength"/> > 0: MLA on the latent cache, values are the first R channels of the key rows
/// (the output is then (T, H*R)); 0: values from the cache's V.
/// </summary>
public readonly record struct SparseAttentionCall(KvCache Cache, int Layer, int Start, int Tokens, int Heads, float Scale,
    int LatentValueLength, SparseAttentionOptions Options, AttentionTrace? Trace);

/// <summary>A backend that runs block-sparse attention (README "Long documents: block-sparse attention"); backends without it run dense attention.</summary>
public interface ISparseAttention
{
    /// <summary>
    /// Causal attention over the selected key blocks only: per query block (prefill) or query (decode) and KV group,
    /// the sink block, the window and the top-K blocks by the cache's block statistics; exact softmax over their union.
    /// </summary>
    void SparseAttention(in SparseAttentionCall call, ReadOnlySpan<float> q, Span<float> o);
}
