namespace LongDoc.Runtime.Models;

/// <summary>
/// Buffers of MLA attention, sized once (RunState). Legend: T batch tokens, P context positions, H heads, R kv_lora,
/// Pe rope width, N nope width, Dv value width, Rq q_lora.
/// </summary>
public sealed class MlaScratch
{
    public readonly float[] QA;        // (T, Rq)      q latent (q LoRA only)
    public readonly float[] Latent;    // (T, R+Pe)    normed latent and rotated k_pe of the new tokens
    public readonly float[] CacheC;    // (P, R)       latents of every cached position, f32 (prefill)
    public readonly float[] CachePe;   // (P, Pe)      rotated k_pe of every cached position
    public readonly float[] Decoded;   // (2*R*N)      one head's split-layout k up-projection in f32 and transposed (prefill)
    public readonly float[] KNope;     // (P, N)       one head's decompressed keys (prefill)
    public readonly float[] VHead;     // (P, Dv)      one head's decompressed values (prefill)
    public readonly float[] Keys;      // (P, Dk)      one head's [k_nope | k_pe] (prefill)
    public readonly float[] ValuesT;   // (Dv, P)      one head's values, transposed (prefill)
    public readonly float[] QHead;     // (T, Dk)      one head's queries (prefill)
    public readonly float[] OutHead;   // (T, Dv)      one head's output (prefill)
    public readonly float[] Scores;    // (max(H, T), P) decode: every head's row; prefill: every token's row of one head
    public readonly float[] QCombined; // (H, R+Pe)    decode: [W_k^T q_nope | q_pe] per head
    public readonly float[] Context;   // (H, R)       decode: attention-weighted latent per head
    public readonly float[] QNope;     // (H, N)       decode: every head's q_nope, for one absorbing call
    public readonly float[] QLatent;   // (H, R)       decode: every head's W_k^T q_nope

    public MlaScratch(ModelConfig c, int maxTokens, int contextSize)
    {
        int r = c.KvLoraRank, pe = c.RopeDimensionCount, n = c.NopeLength, dv = c.ValueLength, p = contextSize;
        QA = new float[maxTokens * c.QLoraRank];
        Latent = new float[maxTokens * (r + pe)];
        CacheC = new float[p * r]; CachePe = new float[p * pe];
        Decoded = GC.AllocateArray<float>(2 * r * n, pinned: true);
        KNope = new float[p * n]; VHead = new float[p * dv];
        int h = c.HeadCount;
        Keys = new float[p * (n + pe)]; ValuesT = new float[dv * p];
        QHead = new float[maxTokens * (n + pe)]; OutHead = new float[maxTokens * dv];
        Scores = new float[Math.Max(h, maxTokens) * p]; QCombined = new float[h * (r + pe)]; Context = new float[h * r];
        QNope = new float[h * n]; QLatent = new float[h * r];
    }
}
