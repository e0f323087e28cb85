namespace LongDoc.Runtime.Models;

/// <summary>
/// Buffers of MLA's latent-space sparse path, for a chunk of up to <see cref="Chunk"/> tokens at a time.
/// Legend: C chunk tokens, H heads, R kv_lora, Pe rope width, N nope width, Dv value width.
/// </summary>
public sealed class MlaSparseScratch
{
    /// <summary>Tokens absorbed and attended at once: bounds the (C, H, R+Pe) queries for models with 128 heads.</summary>
    public const int Chunk = 64;

    public readonly float[] Queries;   // (C, H, R+Pe) [W_k^T q_nope | q_pe] per token and head
    public readonly float[] Context;   // (C, H, R)    attention-weighted latent per token and head
    public readonly float[] QNope;     // (max(C, H), N) one head's q_nope of C tokens, or every head's of one token
    public readonly float[] QLatent;   // (max(C, H), R) their absorbed q_nope
    public readonly float[] HeadContext; // (C, R)     one head's weighted latent
    public readonly float[] HeadOut;   // (C, Dv)      one head's output

    public MlaSparseScratch(int heads, int r, int n, int pe, int dv)
    {
        Queries = new float[Chunk * heads * (r + pe)];
        Context = new float[Chunk * heads * r];
        QNope = new float[Math.Max(Chunk, heads) * n]; QLatent = new float[Math.Max(Chunk, heads) * r]; HeadContext = new float[Chunk * r]; HeadOut = new float[Chunk * dv];
    }
}
