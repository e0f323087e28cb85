using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Testing.RandomModels;

/// <summary>
/// Shape and seed of a random-weight model. The same spec always gives the same weights, in GGUF and in a
/// Hugging Face folder. Defaults are a tiny qwen3moe that every format accepts (all widths multiples of 32 for Q8_0).
/// </summary>
public sealed record RandomModelSpec
{
    /// <summary>A runtime architecture name with a row in <see cref="Traits"/>: "qwen3moe", "qwen3", "qwen2", "deepseek2",
    /// "deepseek32", "glm-dsa" or "llama" (dense when Experts is 0, else Mixtral-style MoE).</summary>
    public string Architecture { get; init; } = "qwen3moe";
    public int Embedding { get; init; } = 64;   // D
    public int Layers { get; init; } = 2;       // L
    public int Heads { get; init; } = 4;        // H
    public int KvHeads { get; init; } = 2;      // Hkv
    public int HeadDim { get; init; } = 32;     // Dh
    public int Experts { get; init; } = 4;      // E (qwen3moe)
    public int ExpertsUsed { get; init; } = 2;  // A (qwen3moe)
    public int ExpertFfn { get; init; } = 32;   // F (qwen3moe)
    public int Ffn { get; init; } = 64;         // dense FFN width (qwen3)
    /// <summary>Rows of token_embd: at least 259 for the minimal SPM vocabulary (3 specials + 256 bytes).</summary>
    public int Vocab { get; init; } = 320;
    public int Context { get; init; } = 256;
    public int Seed { get; init; } = 1;
    /// <summary>
    /// Type of the matrices: F32, F16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K or an I-quant (IQ1_S .. IQ3_S: random valid blocks,
    /// <see cref="RandomQuantBlocks"/>); quantized types only in GGUF, the folder then holds the dequantized values as
    /// F32. K-quants and I-quants need widths that are multiples of 256.
    /// </summary>
    public GgmlType WeightType { get; init; } = GgmlType.F32;
    /// <summary>Per-tensor types on top of <see cref="WeightType"/>, as llama.cpp's mixes do (<see cref="QuantMix"/>).</summary>
    public QuantMix Mix { get; init; } = QuantMix.None;
    public bool TiedEmbeddings { get; init; }
    public float RopeBase { get; init; } = 1_000_000f;
    /// <summary>llama only: Llama 3.1's rope_scaling "llama3" factor, written to the GGUF as rope_freqs.weight; 0 = none.</summary>
    public float Llama3RopeFactor { get; init; }
    /// <summary>original_max_position_embeddings of that scaling (small, so that random models see every regime).</summary>
    public int Llama3OriginalContext { get; init; } = 64;
    public float Eps { get; init; } = 1e-6f;

    // deepseek2 only (MLA): HeadDim is then the nope width qk_nope_head_dim, Ffn the leading dense layers' width.
    /// <summary>q LoRA rank; 0 = attn_q directly (V2-Lite).</summary>
    public int QLoraRank { get; init; }
    public int KvLoraRank { get; init; } = 32;      // R
    public int RopeDims { get; init; } = 16;        // Pe
    public int ValueDim { get; init; } = 32;        // Dv
    public int LeadingDense { get; init; } = 1;
    public int SharedExperts { get; init; } = 1;
    public ExpertGating Gating { get; init; } = ExpertGating.Softmax;
    /// <summary>Write the score-correction bias (e_score_correction_bias / exp_probs_b).</summary>
    public bool RouterBias { get; init; }
    public int Groups { get; init; }
    public int GroupsUsed { get; init; }
    public float RoutedScale { get; init; } = 1f;
    public bool NormTopK { get; init; }
    /// <summary>YaRN factor; 0 = no rope scaling.</summary>
    public float YarnFactor { get; init; }
    public int YarnOriginalContext { get; init; } = 64;
    public float MscaleAllDim { get; init; }
    /// <summary>GGUF layout of the latent up-projection: split attn_k_b/attn_v_b (head_count_kv 1) or legacy attn_kv_b.</summary>
    public bool SplitKvB { get; init; }

    // deepseek32 and glm-dsa only (DSA): the lightning indexer, which needs the q LoRA (QLoraRank > 0).
    public int IndexerHeads { get; init; } = 4;     // H_i
    public int IndexerDim { get; init; } = 32;      // D_i, above RopeDims
    public int IndexerTopK { get; init; } = 64;
    /// <summary>glm-dsa's per-layer indexer types (true = full: own top-k and indexer tensors; false = shared: reuses the
    /// previous full layer's, no tensors); null = the key is absent and every layer is full.</summary>
    public bool[]? IndexerTypes { get; init; }

    /// <summary>What the writers need per architecture: MLA attention, always MoE, per-head q/k norms, a DSA indexer.</summary>
    public sealed record ArchitectureTraits(bool Mla, bool Moe, bool QkNorm, bool Indexer);

    /// <summary>The architectures random models are written in, keyed by the runtime's names (its Architectures table).</summary>
    public static readonly IReadOnlyDictionary<string, ArchitectureTraits> Traits = new Dictionary<string, ArchitectureTraits>
    {
        ["qwen3moe"] = new(Mla: false, Moe: true, QkNorm: true, Indexer: false),
        ["qwen3"] = new(Mla: false, Moe: false, QkNorm: true, Indexer: false),
        ["qwen2"] = new(Mla: false, Moe: false, QkNorm: false, Indexer: false),
        ["llama"] = new(Mla: false, Moe: false, QkNorm: false, Indexer: false),
        ["deepseek2"] = new(Mla: true, Moe: true, QkNorm: false, Indexer: false),
        ["deepseek32"] = new(Mla: true, Moe: true, QkNorm: false, Indexer: true),
        ["glm-dsa"] = new(Mla: true, Moe: true, QkNorm: false, Indexer: true),
    };

    ArchitectureTraits Trait => Traits.TryGetValue(Architecture, out var t) ? t
        : throw new ArgumentException($"architecture {Architecture}: use {string.Join(", ", Traits.Keys)}");

    /// <summary>MLA attention (deepseek2, deepseek32, glm-dsa): written by <see cref="RandomDeepSeekWeights"/>.</summary>
    public bool IsDeepSeek => Trait.Mla;
    /// <summary>DeepSeek Sparse Attention's indexer (deepseek32, glm-dsa).</summary>
    public bool HasIndexer => Trait.Indexer;
    public bool IsMoe => Trait.Moe || (IsLlama && Experts > 0);
    public bool IsLlama => Architecture == "llama";
    /// <summary>qwen2: the dense llama block with q/k/v biases and RoPE NEOX.</summary>
    public bool IsQwen2 => Architecture == "qwen2";
    /// <summary>Per-head q/k RMSNorms (Qwen3 only).</summary>
    public bool HasQkNorm => Trait.QkNorm;

    /// <summary>Whether layer <paramref name="layer"/> has indexer tensors.</summary>
    public bool HasIndexerTensors(int layer) => HasIndexer && (IndexerTypes is null || IndexerTypes[layer]);

    public void Validate()
    {
        _ = Trait;
        if (HasIndexer && QLoraRank == 0) throw new ArgumentException($"{Architecture}: the indexer needs the q LoRA (QLoraRank > 0)");
        if (HasIndexer && (IndexerDim <= RopeDims || IndexerDim % 2 != 0)) throw new ArgumentException($"indexer dim {IndexerDim} must be even and above the rope width {RopeDims}");
        if (IndexerTypes is not null && (Architecture != "glm-dsa" || IndexerTypes.Length != Layers || !IndexerTypes[0]))
            throw new ArgumentException("IndexerTypes is glm-dsa's: one per layer, layer 0 full");
        // as GLM-5 ships: sigmoid gating, one expert group, no rope scaling
        if (Architecture == "glm-dsa" && (Gating != ExpertGating.Sigmoid || Groups > 1 || YarnFactor > 0))
            throw new ArgumentException("glm-dsa routes with sigmoid gating and no expert groups, without rope scaling");
        if (!WeightTypes.Contains(WeightType)) throw new ArgumentException($"weight type {WeightType}: use {string.Join(", ", WeightTypes)}");
        if (Mix == QuantMix.Q4_K_M && WeightType != GgmlType.Q4_K) throw new ArgumentException($"the Q4_K_M mix needs WeightType Q4_K, not {WeightType}");
        if (Mix == QuantMix.IQ2 && WeightType is not (GgmlType.IQ2_XXS or GgmlType.IQ2_XS or GgmlType.IQ1_S or GgmlType.IQ1_M))
            throw new ArgumentException($"the IQ2 mix needs WeightType IQ2_XXS, IQ2_XS, IQ1_S or IQ1_M, not {WeightType}");
        if (Vocab < SpmVocab.MinSize) throw new ArgumentException($"vocab {Vocab} < {SpmVocab.MinSize}");
        if (Heads % KvHeads != 0) throw new ArgumentException($"{KvHeads} KV heads do not divide {Heads} heads");
        // llama.cpp's qwen2 sizes attn_q as (D, D): the heads must tile the embedding exactly
        if (Llama3RopeFactor > 0 && !IsLlama) throw new ArgumentException("Llama3RopeFactor is for llama models");
        if (IsQwen2 && Heads * HeadDim != Embedding) throw new ArgumentException($"qwen2 needs heads x head dim = embedding: {Heads} x {HeadDim} != {Embedding}");
        if (IsMoe && (ExpertsUsed < 1 || ExpertsUsed > Experts)) throw new ArgumentException($"experts used {ExpertsUsed} not in 1..{Experts}");
        // The split layout re-cuts kv_b along another axis, which quantized blocks would not survive unchanged.
        if (IsDeepSeek && SplitKvB && IsQuantized(WeightType)) throw new ArgumentException($"{WeightType} deepseek2 models use the legacy attn_kv_b layout");
        // Quantized blocks run along each matrix's input width.
        int[] inputs = IsDeepSeek ? [.. new[] { Embedding, Heads * ValueDim, ExpertFfn, Ffn, KvLoraRank, QLoraRank }.Where(n => n > 0)]
            : IsMoe ? [Embedding, Heads * HeadDim, ExpertFfn] : [Embedding, Heads * HeadDim, Ffn];
        foreach (var type in MatrixTypes())
        {
            int block = GgmlTypeInfo.BlockElements(type);
            if (inputs.Any(n => n % block != 0))
                throw new ArgumentException($"{type} needs input widths that are multiples of {block}: {string.Join(", ", inputs)}");
        }
    }

    static readonly GgmlType[] WeightTypes =
        [GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K,
         GgmlType.IQ2_XXS, GgmlType.IQ2_XS, GgmlType.IQ2_S, GgmlType.IQ3_XXS, GgmlType.IQ3_S, GgmlType.IQ1_S, GgmlType.IQ1_M];

    /// <summary>True for the types stored as quantized blocks (the folder then holds their dequantized values).</summary>
    public static bool IsQuantized(GgmlType type) => type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.BF16);

    /// <summary>GGUF type of the matrix <paramref name="internalName"/> (e.g. "blk.3.attn_v.weight") with rows <paramref name="cols"/> wide.</summary>
    public GgmlType MatrixType(string internalName, int cols) => QuantMixRule.TypeOf(this, internalName, cols);

    /// <summary>The types whose blocks must divide every input width: a mix falls back to 32-value blocks where they do not.</summary>
    IEnumerable<GgmlType> MatrixTypes() => Mix == QuantMix.None ? [WeightType] : [GgmlType.Q8_0];
}
