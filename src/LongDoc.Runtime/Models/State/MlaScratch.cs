namespace LongDoc.Runtime.Models;

/// <summary>
/// Buffers of MLA attention, sized once (RunState). Legend: T batch tokens, P context positions, H heads, R kv_lora,
/// Pe rope width, N nope width, Dv value width, Rq q_lora, C = <see cref="Chunk"/> tokens attended in latent space at
/// once (C*H query rows, at most max(H, T), so the scores fit the (max(H, T), P) buffer).
/// </summary>
public sealed class MlaScratch
{
    public readonly float[] QA;        // (T, Rq)      q latent (q LoRA only)
    public readonly float[] Latent;    // (T, R+Pe)    normed latent and rotated k_pe of the new tokens
    public readonly float[] CacheC;    // (P, R)       decompressed form: latents of every cached position, f32
    public readonly float[] CachePe;   // (P, Pe)      decompressed form: rotated k_pe of every cached position
    public readonly float[] KNope;     // (P, N)       decompressed form: one head's keys
    public readonly float[] VHead;     // (P, Dv)      decompressed form: one head's values
    public readonly float[] Keys;      // (P, Dk)      decompressed form: one head's [k_nope | k_pe]
    public readonly float[] ValuesT;   // (Dv, P)      decompressed form: one head's values, transposed
    public readonly float[] QHead;     // (T, Dk)      decompressed form: one head's queries
    public readonly float[] OutHead;   // (T, Dv)      decompressed form: one head's output
    public readonly float[] Scores;    // (max(H, T), P) latent: (C, H) rows; decompressed: every token's row of one head
    public readonly float[] Queries;   // (C, H, R+Pe) latent: [W_k^T q_nope | q_pe] per token and head
    public readonly float[] Context;   // (C, H, R)    latent: attention-weighted latent per token and head
    public readonly float[] QNope;     // (max(H, C), N) latent: every head's q_nope of one token, or one head's of C tokens
    public readonly float[] QLatent;   // (max(H, C), R) latent: their W_k^T q_nope
    public readonly float[] HeadContext; // (C, R)     latent: one head's weighted latents
    public readonly float[] HeadOut;   // (C, Dv)      latent: one head's output

    /// <summary>Tokens attended in latent space at once (C).</summary>
    public int Chunk { get; }

    public MlaScratch(ModelConfig c, int maxTokens, int contextSize)
    {
        int r = c.KvLoraRank, pe = c.RopeDimensionCount, n = c.NopeLength, dv = c.ValueLength, p = contextSize, h = c.HeadCount;
        int rows = Math.Max(h, maxTokens);
        Chunk = Math.Max(1, rows / h);
        QA = new float[maxTokens * c.QLoraRank];
        Latent = new float[maxTokens * (r + pe)];
        CacheC = new float[p * r]; CachePe = new float[p * pe];
        KNope = new float[p * n]; VHead = new float[p * dv];
        Keys = new float[p * (n + pe)]; ValuesT = new float[dv * p];
        QHead = new float[maxTokens * (n + pe)]; OutHead = new float[maxTokens * dv];
        Scores = new float[rows * p];
        Queries = new float[Chunk * h * (r + pe)]; Context = new float[Chunk * h * r];
        QNope = new float[Math.Max(h, Chunk) * n]; QLatent = new float[Math.Max(h, Chunk) * r];
        HeadContext = new float[Chunk * r]; HeadOut = new float[Chunk * dv];
    }
}
