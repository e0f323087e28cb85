namespace LongDoc.Runtime.Models;

public enum RopeStyle { Norm, Neox }

/// <summary>
/// The blueprint of a model: hyper-parameters read once from GGUF metadata or config.json, then immutable.
/// Legend used in shapes across the runtime: T tokens, D hidden (EmbeddingLength), H heads, Hkv KV heads,
/// Dk/Dv head dims, E experts, A active experts, F expert FFN width, V vocabulary.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>llama.cpp architecture name: qwen3moe, qwen3, deepseek2, llama, qwen2.</summary>
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

    public bool IsMoe => ExpertCount > 0;
}
