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
    /// <summary>
    /// Type of the matrices: F32, F16, Q8_0, Q4_0, Q4_K, Q5_K or Q6_K (quantized types only in GGUF; the folder then
    /// holds the dequantized values as F32). K-quants need widths that are multiples of 256.
    /// </summary>
    public GgmlType WeightType { get; init; } = GgmlType.F32;
    /// <summary>Per-tensor types on top of <see cref="WeightType"/>, as llama.cpp's mixes do (<see cref="QuantMix"/>).</summary>
    public QuantMix Mix { get; init; } = QuantMix.None;
    public bool TiedEmbeddings { get; init; }
    public float RopeBase { get; init; } = 1_000_000f;
    public float Eps { get; init; } = 1e-6f;

    public bool IsMoe => Architecture == "qwen3moe";

    public void Validate()
    {
        if (Architecture is not ("qwen3moe" or "qwen3")) throw new ArgumentException($"architecture {Architecture}: use qwen3moe or qwen3");
        if (!WeightTypes.Contains(WeightType)) throw new ArgumentException($"weight type {WeightType}: use {string.Join(", ", WeightTypes)}");
        if (Mix == QuantMix.Q4_K_M && WeightType != GgmlType.Q4_K) throw new ArgumentException($"the Q4_K_M mix needs WeightType Q4_K, not {WeightType}");
        if (Vocab < SpmVocab.MinSize) throw new ArgumentException($"vocab {Vocab} < {SpmVocab.MinSize}");
        if (Heads % KvHeads != 0) throw new ArgumentException($"{KvHeads} KV heads do not divide {Heads} heads");
        if (IsMoe && (ExpertsUsed < 1 || ExpertsUsed > Experts)) throw new ArgumentException($"experts used {ExpertsUsed} not in 1..{Experts}");
        // Quantized blocks run along each matrix's input width.
        int[] inputs = IsMoe ? [Embedding, Heads * HeadDim, ExpertFfn] : [Embedding, Heads * HeadDim, Ffn];
        foreach (var type in MatrixTypes())
        {
            int block = GgmlTypeInfo.BlockElements(type);
            if (inputs.Any(n => n % block != 0))
                throw new ArgumentException($"{type} needs input widths that are multiples of {block}: {string.Join(", ", inputs)}");
        }
    }

    static readonly GgmlType[] WeightTypes =
        [GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K];

    /// <summary>True for the types stored as quantized blocks (the folder then holds their dequantized values).</summary>
    public static bool IsQuantized(GgmlType type) => type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.BF16);

    /// <summary>GGUF type of the matrix <paramref name="internalName"/> (e.g. "blk.3.attn_v.weight").</summary>
    public GgmlType MatrixType(string internalName) => QuantMixRule.TypeOf(Mix, WeightType, internalName, Layers);

    IEnumerable<GgmlType> MatrixTypes() => Mix == QuantMix.None ? [WeightType] : [WeightType, QuantMixRule.HighType(Mix)];
}
