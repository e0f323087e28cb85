namespace LongDoc.Runtime.Models;

/// <summary>
/// Buffers of DeepSeek Sparse Attention (RunState), and the current batch's selection, which layers that reuse an
/// earlier layer's top-k read. Legend: T batch tokens, P context positions, Hi index heads, Di index key length,
/// K = min(top_k, P) selected positions, R+Pe the MLA cache row.
/// </summary>
public sealed class DsaScratch
{
    public readonly float[] Q;           // (T, Hi*Di)  index queries, rotated
    public readonly float[] K;           // (T, Di)     index keys of the new tokens
    public readonly float[] W;           // (T, Hi)     head weights, scaled by 1/sqrt(Hi*Di)
    public readonly float[] HeadScores;  // (Hi, P)     one token's q_h . k_s (token by token)
    public readonly float[] Scores;      // (P)         one token's index scores (token by token)
    public readonly int[] Selected;      // (T, K)      the batch's selected positions, ascending per token
    public readonly int[] Counts;        // (T)         how many per token
    public readonly byte[] Gathered;     // (K, R+Pe)   selected MLA cache rows, f32-sized, pinned
    public readonly float[] GatheredScores; // (H, K)   one token's attention over them

    /// <summary>Query tokens whose index scores the CPU backend computes at once (<see cref="Backends.IDsaAttention.TrySelect"/>;
    /// it holds that many score rows of the context).</summary>
    public const int ScoreTokens = 16;

    public int TopK { get; }

    public DsaScratch(ModelConfig c, int maxTokens, int contextSize)
        : this(c.Indexer!, c.HeadCount, c.KvLoraRank + c.RopeDimensionCount, maxTokens, contextSize)
    {
    }

    /// <param name="heads">MLA heads (H).</param>
    /// <param name="latentRow">The MLA cache row (R+Pe).</param>
    public DsaScratch(DsaIndexer ix, int heads, int latentRow, int maxTokens, int contextSize)
    {
        int t = maxTokens, p = contextSize;
        TopK = Math.Min(ix.TopK, p);
        Q = new float[t * ix.HeadCount * ix.KeyLength];
        K = new float[t * ix.KeyLength];
        W = new float[t * ix.HeadCount];
        HeadScores = new float[ix.HeadCount * p];
        Scores = new float[p];
        Selected = new int[t * TopK];
        Counts = new int[t];
        Gathered = GC.AllocateArray<byte>(TopK * latentRow * sizeof(float), pinned: true);
        GatheredScores = new float[heads * TopK];
    }

    /// <summary>The selected positions of batch token <paramref name="t"/>.</summary>
    public ReadOnlySpan<int> Selection(int t) => Selected.AsSpan(t * TopK, Counts[t]);
}
