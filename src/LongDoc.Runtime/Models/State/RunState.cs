namespace LongDoc.Runtime.Models;

/// <summary>
/// Activation buffers for one batch of up to <see cref="MaxTokens"/> tokens, sized once from the config and reused
/// for every batch and every decoded token (llama2.c's RunState). Legend: T = MaxTokens, D hidden, H heads, Hkv KV
/// heads, Dk/Dv head dims, E experts, A active experts, F widest FFN (expert or dense).
/// </summary>
public sealed class RunState
{
    public readonly int MaxTokens;
    public readonly float[] X;              // (T, D)      residual stream
    public readonly float[] Xn;             // (T, D)      normed input of the current sub-block
    public readonly float[] Q;              // (T, H*Dk)
    public readonly float[] K;              // (T, Hkv*Dk)
    public readonly float[] V;              // (T, Hkv*Dv)
    public readonly float[] Attn;           // (T, H*Dv)   attention output before attn_output
    public readonly float[] Out;            // (T, D)      sub-block output added to X
    public readonly float[] Router;         // (T, E)      router logits, then probabilities
    public readonly int[] TopIds;           // (T, A)      chosen experts per token
    public readonly float[] TopWeights;     // (T, A)      their (renormalized) weights
    public readonly int[] ExpertCount;      // (E)         tokens routed to each expert in this batch
    public readonly int[] ExpertTokens;     // (E, T)      which tokens, grouped by expert
    public readonly float[] ExpertWeights;  // (E, T)      with which weight
    public readonly float[] Gathered;       // (T, D)      the tokens of one expert, gathered
    public readonly float[] Gate;           // (T, F)
    public readonly float[] Up;             // (T, F)
    public readonly float[] Down;           // (T, D)
    public readonly MlaScratch? Mla;        // MLA attention buffers (deepseek2), null otherwise
    public readonly DsaScratch? Dsa;        // DeepSeek Sparse Attention buffers and selection (deepseek32, glm-dsa), null otherwise
    /// <summary>Block-sparse attention settings and trace; null runs every layer dense.</summary>
    public Sparse.SparseAttentionState? Sparse { get; set; }

    /// <param name="contextSize">Positions the cache holds: MLA attention needs per-position scratch (0 when not MLA).</param>
    public RunState(ModelConfig c, int maxTokens, int contextSize = 0)
    {
        MaxTokens = maxTokens;
        int t = maxTokens, d = c.EmbeddingLength, e = Math.Max(1, c.ExpertCount);
        int f = Math.Max(Math.Max(c.ExpertFeedForwardLength, c.FeedForwardLength), c.ExpertSharedCount * c.ExpertFeedForwardLength);
        X = new float[t * d]; Xn = new float[t * d]; Out = new float[t * d];
        Q = new float[t * c.HeadCount * c.KeyLength];
        // MLA projects k and v per head only inside its own scratch (MlaScratch)
        K = c.IsMla ? [] : new float[t * c.HeadCountKv * c.KeyLength];
        V = c.IsMla ? [] : new float[t * c.HeadCountKv * c.ValueLength];
        Attn = new float[t * c.HeadCount * c.ValueLength];
        Router = new float[t * e];
        TopIds = new int[t * Math.Max(1, c.ExpertUsedCount)];
        TopWeights = new float[t * Math.Max(1, c.ExpertUsedCount)];
        ExpertCount = new int[e]; ExpertTokens = new int[e * t]; ExpertWeights = new float[e * t];
        Gathered = c.IsMoe ? new float[t * d] : [];
        Down = c.IsMoe ? new float[t * d] : [];
        Gate = new float[t * f]; Up = new float[t * f];
        if (c.IsMla) Mla = new MlaScratch(c, t, Math.Max(contextSize, t));
        if (c.Indexer is not null) Dsa = new DsaScratch(c, t, Math.Max(contextSize, t));
    }
}
