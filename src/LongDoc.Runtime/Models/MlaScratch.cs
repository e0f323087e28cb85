namespace LongDoc.Runtime.Models;

/// <summary>
/// Buffers of MLA attention, sized once (RunState). Legend: T batch tokens, P context positions, H heads, R kv_lora,
/// Pe rope width, N nope width, Dv value width, Rq q_lora.
/// </summary>
public sealed class MlaScratch
{
    public readonly float[] QA;        // (T, Rq)      q latent (q LoRA only)
    public readonly float[] Latent;    // (T, R+Pe)    normed latent and rotated k_pe of the new tokens
    public readonly float[] CacheC;    // (P, R)       latents of every cached position, f32
    public readonly float[] CachePe;   // (P, Pe)      rotated k_pe of every cached position
    public readonly float[] Decoded;   // (R*N)        one head's k up-projection in f32, when its layout needs it
    public readonly float[] KNope;     // (P, N)       one head's decompressed keys (prefill)
    public readonly float[] VHead;     // (P, Dv)      one head's decompressed values (prefill)
    public readonly float[] Scores;    // (P)
    public readonly float[] QLatent;   // (R)          q_nope absorbed into latent space (decode)
    public readonly float[] Context;   // (R)          attention-weighted latent (decode)

    public MlaScratch(ModelConfig c, int maxTokens, int contextSize)
    {
        int r = c.KvLoraRank, pe = c.RopeDimensionCount, n = c.NopeLength, dv = c.ValueLength, p = contextSize;
        QA = new float[maxTokens * c.QLoraRank];
        Latent = new float[maxTokens * (r + pe)];
        CacheC = new float[p * r]; CachePe = new float[p * pe];
        Decoded = new float[r * n];
        KNope = new float[p * n]; VHead = new float[p * dv];
        Scores = new float[p]; QLatent = new float[r]; Context = new float[r];
    }
}
