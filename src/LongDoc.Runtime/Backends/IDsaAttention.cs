using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends;

/// <summary>
/// The lightning indexer's selection of T tokens at positions Start.. of <see cref="Layer"/>: token t sees positions
/// 0..Start+t and keeps min(TopK, Start+t+1) of them. q (T, Hi, Di) rotated index queries, w (T, Hi) head weights, each
/// multiplied by <see cref="Scale"/>.
/// </summary>
public readonly record struct DsaSelectCall(IndexKeyCache Keys, int Layer, int Start, int Tokens, int Heads, int TopK, float Scale);

/// <summary>
/// MLA of T tokens in latent space over their selected positions of <see cref="Layer"/>: q (T, H, R+Pe) absorbed
/// queries, selections (T, TopK) with counts (T), output (T, H, R); every selected position is below
/// <see cref="Positions"/> (the cache's stored positions).
/// </summary>
public readonly record struct DsaAttentionCall(KvCache Cache, int Layer, int Positions, int Tokens, int Heads, int Latent, int TopK, float Scale);

/// <summary>A backend that runs DeepSeek Sparse Attention's selection and gathered attention as its own ops (the CPU:
/// fused SIMD score tiles, radix top-k, gathered latent MLA per prompt token; CUDA: dsa_index, dsa_topk, dsa_mla). The
/// layers (Layers/LightningIndexer.cs, MlaAttention.cs) compute token by token through <see cref="IBackend"/> where a
/// backend lacks it or declines a call.</summary>
public interface IDsaAttention
{
    /// <summary>Writes each token's selected positions (ascending, TopK apart) and counts, ties to the lower position as
    /// Layers/TopPositions.cs breaks them; false when declined (nothing written).</summary>
    bool TrySelect(in DsaSelectCall call, ReadOnlySpan<float> q, ReadOnlySpan<float> w, Span<int> selected, Span<int> counts);

    /// <summary>Writes ctx (T, H, R); false when declined (nothing written).</summary>
    bool TryGatheredAttention(in DsaAttentionCall call, ReadOnlySpan<float> q, ReadOnlySpan<int> selected, ReadOnlySpan<int> counts, Span<float> ctx);
}
