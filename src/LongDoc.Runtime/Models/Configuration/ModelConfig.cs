namespace LongDoc.Runtime.Models;

public enum RopeStyle { Norm, Neox }

/// <summary>How router logits become expert scores; the numbers are llama.cpp's expert_gating_func.</summary>
public enum ExpertGating { Softmax = 1, Sigmoid = 2 }

/// <summary>
/// YaRN context extension as DeepSeek's config.json gives it (rope_scaling: factor, original_max_position_embeddings,
/// mscale_all_dim); beta_fast 32 and beta_slow 1 are llama.cpp's defaults. GGUF stores mscale_all_dim as
/// rope.scaling.yarn_log_multiplier = 0.1 * mscale_all_dim.
/// </summary>
public sealed record RopeYarn(float Factor, int OriginalContext, float MscaleAllDim, float BetaFast = 32f, float BetaSlow = 1f);

/// <summary>
/// DeepSeek Sparse Attention's lightning indexer (deepseek32, glm-dsa): <c>HeadCount</c> x <c>KeyLength</c> index heads
/// (index_n_heads, index_head_dim) choose the <c>TopK</c> (index_topk) positions MLA attends to. <c>FullLayers</c> is
/// GLM-5's per-layer attention.indexer.types (true = the layer computes its own top-k, false = it reuses the previous
/// full layer's); null = every layer is full.
/// </summary>
public sealed record DsaIndexer(int HeadCount, int KeyLength, int TopK, IReadOnlyList<bool>? FullLayers = null)
{
    public bool IsFull(int layer) => FullLayers is null || FullLayers[layer];

    /// <summary>By value, the per-layer types included, so that configs read from GGUF and config.json compare equal.</summary>
    public bool Equals(DsaIndexer? other) =>
        other is not null && (HeadCount, KeyLength, TopK) == (other.HeadCount, other.KeyLength, other.TopK)
        && (FullLayers ?? []).SequenceEqual(other.FullLayers ?? []) && (FullLayers is null) == (other.FullLayers is null);

    public override int GetHashCode() => HashCode.Combine(HeadCount, KeyLength, TopK, FullLayers?.Count(f => f));
}

/// <summary>
/// The blueprint of a model: hyper-parameters read once from GGUF metadata or config.json, then immutable.
/// Legend used in shapes across the runtime: T tokens, D hidden (EmbeddingLength), H heads, Hkv KV heads,
/// Dk/Dv head dims, E experts, A active experts, F expert FFN width, V vocabulary.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>llama.cpp architecture name, the key of <see cref="Architectures"/>: qwen3moe, qwen3, deepseek2, llama, qwen2, deepseek32, glm-dsa.</summary>
    public required string Architecture { get; init; }
    public required int ContextLength { get; init; }
    public required int EmbeddingLength { get; init; }      // D
    public required int BlockCount { get; init; }           // L
    public required int HeadCount { get; init; }            // H
    public required int HeadCountKv { get; init; }          // Hkv
    public required int KeyLength { get; init; }            // Dk
    public required int ValueLength { get; init; }          // Dv
    public required int VocabSize { get; init; }            // V
    public float RopeFreqBase { get; init; } = 10000f;
    public RopeStyle RopeStyle { get; init; } = RopeStyle.Neox;
    public float RmsNormEps { get; init; } = 1e-6f;
    public int FeedForwardLength { get; init; }             // dense FFN width (0 when every layer is MoE)
    public int ExpertCount { get; init; }                   // E (0 = dense model)
    public int ExpertUsedCount { get; init; }               // A
    public int ExpertFeedForwardLength { get; init; }       // F
    /// <summary>Renormalize the top-A router weights to sum to 1 (qwen3moe: true).</summary>
    public bool ExpertWeightsNorm { get; init; } = true;
    public bool TiedEmbeddings { get; init; }

    // deepseek2 (MLA). KeyLength is then the per-head q/k width nope + rope and ValueLength the per-head v width,
    // whatever the GGUF layout wrote into key_length/value_length; HeadCountKv is H (every head has its own k, v).
    /// <summary>Rank of the query LoRA (q_a_proj); 0 = q projected directly (V2-Lite).</summary>
    public int QLoraRank { get; init; }
    /// <summary>Width of the compressed KV latent (kv_lora_rank); 0 = not MLA.</summary>
    public int KvLoraRank { get; init; }
    /// <summary>Rotated part of each q/k head (qk_rope_head_dim); the first KeyLength - RopeDimensionCount are not rotated.</summary>
    public int RopeDimensionCount { get; init; }
    /// <summary>The first this many layers have a dense FFN (first_k_dense_replace).</summary>
    public int LeadingDenseBlockCount { get; init; }
    /// <summary>Shared experts, run on every token beside the routed ones, as one SwiGLU of width count * F.</summary>
    public int ExpertSharedCount { get; init; }
    /// <summary>Routed weights are multiplied by this (routed_scaling_factor); 0 or 1 = unscaled.</summary>
    public float ExpertWeightsScale { get; init; }
    public ExpertGating ExpertGating { get; init; } = ExpertGating.Softmax;
    /// <summary>Expert groups for group-limited top-k (n_group); 0 or 1 = no groups.</summary>
    public int ExpertGroupCount { get; init; }
    /// <summary>Groups a token may pick experts from (topk_group).</summary>
    public int ExpertGroupUsedCount { get; init; }
    public RopeYarn? Yarn { get; init; }
    /// <summary>The DSA indexer of deepseek32 and glm-dsa; null for every other architecture.</summary>
    public DsaIndexer? Indexer { get; init; }
    /// <summary>Per-pair RoPE divisors (Dh/2) from a config.json's rope_scaling "llama3"; a GGUF has rope_freqs.weight instead.</summary>
    public float[]? RopeFreqFactors { get; init; }

    public bool IsMoe => ExpertCount > 0;
    public bool IsMla => KvLoraRank > 0;
    /// <summary>Non-rotated part of each q/k head (qk_nope_head_dim).</summary>
    public int NopeLength => KeyLength - RopeDimensionCount;

    /// <summary>What one layer of the KV cache holds per position: MLA keeps only the latent (kv_lora + rope, one row, no V).</summary>
    public (int Heads, int KeyLength, int ValueLength) CacheShape =>
        IsMla ? (1, KvLoraRank + RopeDimensionCount, 0) : (HeadCountKv, KeyLength, ValueLength);
}
