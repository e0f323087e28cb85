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
}

/// <summary>The table behind <see cref="QuantMix"/>: which tensors get the higher type, and on which layers.</summary>
public static class QuantMixRule
{
    static readonly Dictionary<QuantMix, (GgmlType High, string[] EveryLayer, string[] MoreBitsLayers)> Mixes = new()
    {
        [QuantMix.Q4_K_M] = (GgmlType.Q6_K, ["output.weight"], ["attn_v.weight", "ffn_down.weight", "ffn_down_exps.weight"]),
    };

    public static GgmlType HighType(QuantMix mix) => Mixes[mix].High;

    /// <summary>Type of <paramref name="name"/> ("blk.{i}.attn_v.weight", "output.weight", ...) under <paramref name="mix"/>.</summary>
    public static GgmlType TypeOf(QuantMix mix, GgmlType baseType, string name, int layers)
    {
        if (mix == QuantMix.None) return baseType;
        var (high, everyLayer, moreBits) = Mixes[mix];
        if (everyLayer.Contains(name)) return high;
        if (!name.StartsWith("blk.", StringComparison.Ordinal)) return baseType;
        int dot = name.IndexOf('.', 4);
        int layer = int.Parse(name.AsSpan(4, dot - 4));
        return moreBits.Contains(name[(dot + 1)..]) && UseMoreBits(layer, layers) ? high : baseType;
    }

    /// <summary>llama.cpp's use_more_bits: the first and last eighth of the layers, and every third one between.</summary>
    public static bool UseMoreBits(int layer, int layers) =>
        layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
}
