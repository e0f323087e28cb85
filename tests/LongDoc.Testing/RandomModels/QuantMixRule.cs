using LongDoc.Runtime.Weights;

namespace LongDoc.Testing.RandomModels;

/// <summary>Per-tensor type mixes of llama.cpp's quantize tool that random models can imitate.</summary>
public enum QuantMix
{
    /// <summary>Every matrix in the spec's WeightType.</summary>
    None,
    /// <summary>
    /// llama.cpp's Q4_K_M (llama_tensor_get_type): base Q4_K; output.weight Q6_K; attn_v and ffn_down (and
    /// ffn_down_exps) Q6_K on the layers where use_more_bits holds: i &lt; n/8, i &gt;= 7n/8, or (i - n/8) % 3 == 2.
    /// </summary>
    Q4_K_M,
    /// <summary>
    /// llama.cpp's IQ2_XXS, IQ2_XS, IQ1_S and IQ1_M files (one branch of llama_tensor_get_type; the spec's WeightType is the
    /// base): output.weight Q5_K, token_embd Q2_K, attn_v (attn_kv_b) Q4_K with GQA &gt;= 4 or &gt;= 4 experts (else Q2_K),
    /// attn_k Q4_K with exactly 8 experts, ffn_down* Q2_K on layers i &lt; n/8, attn_output Q5_K with exactly 8 experts
    /// (else IQ2_XXS for the IQ1 bases). llama.cpp counts ffn_down tensors rather than layers for the last rule, the same
    /// where each layer has one (qwen3moe). llama.cpp's quantizer refuses these types without an importance matrix, so
    /// benchmarks write such files with random valid blocks (<see cref="RandomQuantBlocks"/>).
    /// </summary>
    IQ2,
}

/// <summary>The rules behind <see cref="QuantMix"/>, and llama.cpp's fallback where a type's block does not divide a row.</summary>
public static class QuantMixRule
{
    static readonly (string[] EveryLayer, string[] MoreBitsLayers) Q4_K_MTensors =
        (["output.weight"], ["attn_v.weight", "ffn_down.weight", "ffn_down_exps.weight"]);

    /// <summary>llama.cpp's tensor_type_fallback: the 32-value type a row of a width the type's block does not divide gets.</summary>
    static readonly Dictionary<GgmlType, GgmlType> Fallbacks = new()
    {
        [GgmlType.IQ1_S] = GgmlType.IQ4_NL, [GgmlType.IQ1_M] = GgmlType.IQ4_NL, [GgmlType.IQ2_XXS] = GgmlType.IQ4_NL,
        [GgmlType.IQ2_XS] = GgmlType.IQ4_NL, [GgmlType.IQ2_S] = GgmlType.IQ4_NL, [GgmlType.IQ3_XXS] = GgmlType.IQ4_NL,
        [GgmlType.IQ3_S] = GgmlType.IQ4_NL, [GgmlType.IQ4_XS] = GgmlType.IQ4_NL,
        [GgmlType.Q2_K] = GgmlType.Q4_0, [GgmlType.Q3_K] = GgmlType.Q4_0, [GgmlType.Q4_K] = GgmlType.Q5_0,
        [GgmlType.Q5_K] = GgmlType.Q5_1, [GgmlType.Q6_K] = GgmlType.Q8_0,
    };

    /// <summary>
    /// Type of <paramref name="name"/> ("blk.{i}.attn_v.weight", "output.weight", ...), a matrix of rows
    /// <paramref name="cols"/> wide, in <paramref name="spec"/>'s mix; under a mix, with llama.cpp's fallback where the
    /// type's block does not divide the row.
    /// </summary>
    public static GgmlType TypeOf(RandomModelSpec spec, string name, int cols)
    {
        if (spec.Mix == QuantMix.None) return spec.WeightType;
        var type = spec.Mix == QuantMix.Q4_K_M ? Q4_K_MType(spec, name) : IQ2Type(spec, name, cols);
        return cols % GgmlTypeInfo.BlockElements(type) == 0 ? type : Fallbacks[type];
    }

    static GgmlType Q4_K_MType(RandomModelSpec spec, string name)
    {
        var (everyLayer, moreBits) = Q4_K_MTensors;
        if (everyLayer.Contains(name)) return GgmlType.Q6_K;
        if (Layer(name) is not { } blk) return spec.WeightType;
        var (layer, tensor) = blk;
        return moreBits.Contains(tensor) && UseMoreBits(layer, spec.Layers) ? GgmlType.Q6_K : spec.WeightType;
    }

    static GgmlType IQ2Type(RandomModelSpec spec, string name, int cols)
    {
        if (name == "output.weight") return cols % 256 == 0 ? GgmlType.Q5_K : GgmlType.Q8_0;
        if (name == "token_embd.weight") return GgmlType.Q2_K;
        if (Layer(name) is not { } blk) return spec.WeightType;
        var (layer, tensor) = blk;
        bool eightExperts = spec.IsMoe && spec.Experts == 8;
        return tensor switch
        {
            "attn_v.weight" or "attn_kv_b.weight" => spec.Heads / Math.Max(1, spec.KvHeads) >= 4 || (spec.IsMoe && spec.Experts >= 4) ? GgmlType.Q4_K : GgmlType.Q2_K,
            "attn_k.weight" when eightExperts => GgmlType.Q4_K,
            "attn_output.weight" => eightExperts ? GgmlType.Q5_K
                : spec.WeightType is GgmlType.IQ1_S or GgmlType.IQ1_M ? GgmlType.IQ2_XXS : spec.WeightType,
            _ when tensor.StartsWith("ffn_down", StringComparison.Ordinal) && layer < spec.Layers / 8 => GgmlType.Q2_K,
            _ => spec.WeightType,
        };
    }

    /// <summary>"blk.{i}.{tensor}" -> (i, tensor); null for the tensors outside the layers.</summary>
    static (int Layer, string Tensor)? Layer(string name)
    {
        if (!name.StartsWith("blk.", StringComparison.Ordinal)) return null;
        int dot = name.IndexOf('.', 4);
        return (int.Parse(name.AsSpan(4, dot - 4)), name[(dot + 1)..]);
    }

    /// <summary>llama.cpp's use_more_bits: the first and last eighth of the layers, and every third one between.</summary>
    public static bool UseMoreBits(int layer, int layers) =>
        layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
}
