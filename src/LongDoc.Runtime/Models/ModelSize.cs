namespace LongDoc.Runtime.Models;

/// <summary>
/// Parameter counts and KV-cache bytes from a model's blueprint, for `model info` and memory planning.
/// Active parameters are those one token touches: every expert but the A it is routed to is left out.
/// </summary>
public static class ModelSize
{
    public sealed record Report(long TotalParameters, long ActiveParameters, long KvBytesPerTokenF16, long KvBytesPerTokenF32);

    public static Report Of(ModelConfig c, Weights.IModelWeights weights)
    {
        bool qkNorm = weights.Contains("blk.0.attn_q_norm.weight");
        long d = c.EmbeddingLength, l = c.BlockCount;
        long embed = (long)c.VocabSize * d;
        long output = c.TiedEmbeddings ? 0 : embed;
        long attention = d * c.HeadCount * c.KeyLength          // q   (H*Dk, D)
                       + 2L * d * c.HeadCountKv * c.KeyLength    // k   (Hkv*Dk, D), v uses Dv below
                       - d * c.HeadCountKv * c.KeyLength + d * c.HeadCountKv * c.ValueLength
                       + (long)c.HeadCount * c.ValueLength * d;  // out (D, H*Dv)
        long norms = 2 * d + (qkNorm ? 2L * c.KeyLength : 0);    // attn_norm, ffn_norm (+ per-head q_norm, k_norm)
        long expert = 3 * d * c.ExpertFeedForwardLength;         // gate, up, down of one expert
        long ffnAll = c.IsMoe ? c.ExpertCount * expert + c.ExpertCount * d : 3 * d * c.FeedForwardLength;
        long ffnActive = c.IsMoe ? c.ExpertUsedCount * expert + c.ExpertCount * d : ffnAll;
        long total = embed + output + d + l * (attention + norms + ffnAll);
        long active = embed + output + d + l * (attention + norms + ffnActive);
        long kvValues = l * c.HeadCountKv * (long)(c.KeyLength + c.ValueLength);
        return new Report(total, active, kvValues * 2, kvValues * 4);
    }
}
