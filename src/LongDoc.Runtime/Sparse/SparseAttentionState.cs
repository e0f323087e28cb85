namespace LongDoc.Runtime.Sparse;

/// <summary>The sparse attention settings of a running model, its trace (when explaining) and the MLA scratch it needs.</summary>
public sealed class SparseAttentionState(SparseAttentionOptions options, AttentionTrace? trace)
{
    public SparseAttentionOptions Options => options;
    public AttentionTrace? Trace => trace;
    /// <summary>Buffers of the latent-space sparse path of MLA, created on its first use.</summary>
    public Models.MlaSparseScratch? Mla { get; set; }
}
