using LongDoc.Runtime.Weights;

namespace LongDoc.Testing.RandomModels;

/// <summary>
/// Shape and seed of a random-weight model. The same spec always gives the same weights, in GGUF and in a
/// Hugging Face folder. Defaults are a tiny qwen3moe that every format accepts (all widths multiples of 32 for Q8_0).
/// </summary>
public sealed record RandomModelSpec
{
    /// <summary>"qwen3moe" or "qwen3".</summary>
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
    /// <summary>Type of the matrices: F32, F16 or Q8_0 (Q8_0 only in GGUF; the folder then holds the dequantized F32).</summary>
    public GgmlType WeightType { get; init; } = GgmlType.F32;
    public bool TiedEmbeddings { get; init; }
    public float RopeBase { get; init; } = 1_000_000f;
    public float Eps { get; init; } = 1e-6f;

    public bool IsMoe => Architecture == "qwen3moe";

    public void Validate()
    {
        if (Architecture is not ("qwen3moe" or "qwen3")) throw new ArgumentException($"architecture {Architecture}: use qwen3moe or qwen3");
        if (WeightType is not (GgmlType.F32 or GgmlType.F16 or GgmlType.Q8_0)) throw new ArgumentException($"weight type {WeightType}: use F32, F16 or Q8_0");
        if (Vocab < SpmVocab.MinSize) throw new ArgumentException($"vocab {Vocab} < {SpmVocab.MinSize}");
        if (Heads % KvHeads != 0) throw new ArgumentException($"{KvHeads} KV heads do not divide {Heads} heads");
        if (IsMoe && (ExpertsUsed < 1 || ExpertsUsed > Experts)) throw new ArgumentException($"experts used {ExpertsUsed} not in 1..{Experts}");
        // Q8_0 blocks run along each matrix's input width.
        int[] inputs = IsMoe ? [Embedding, Heads * HeadDim, ExpertFfn] : [Embedding, Heads * HeadDim, Ffn];
        if (WeightType == GgmlType.Q8_0 && inputs.Any(n => n % 32 != 0))
            throw new ArgumentException($"Q8_0 needs input widths that are multiples of 32: {string.Join(", ", inputs)}");
    }
}
