using System.Text.Json;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// config.json's rope_scaling of Llama 3.1/3.3 (and so R1-Distill-Llama): {"rope_type": "llama3", "factor",
/// "low_freq_factor", "high_freq_factor", "original_max_position_embeddings"} -> the per-pair factors a GGUF would
/// carry as rope_freqs.weight (<see cref="Llama3RopeFactors"/>). Errors name the file and the key.
/// </summary>
internal static class HfLlama3RopeScaling
{
    public static bool Is(JsonElement scaling) =>
        scaling.ValueKind == JsonValueKind.Object
        && (scaling.TryGetProperty("rope_type", out var t) || scaling.TryGetProperty("type", out t))
        && t.ValueKind == JsonValueKind.String && t.GetString() == "llama3";

    public static float[] Factors(JsonElement scaling, string path, float freqBase, int headDim)
    {
        float Number(string key, float? fallback)
        {
            if (scaling.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.GetSingle() > 0) return v.GetSingle();
            return fallback ?? throw new WeightFormatException(path, $"rope_scaling.{key}", "missing or not a positive number");
        }
        float factor = Number("factor", null), low = Number("low_freq_factor", 1f), high = Number("high_freq_factor", 4f);
        if (high <= low) throw new WeightFormatException(path, "rope_scaling.high_freq_factor", $"{high} must exceed low_freq_factor {low}");
        int original = (int)Number("original_max_position_embeddings", null);
        return Llama3RopeFactors.Compute(freqBase, headDim, factor, original, low, high);
    }
}
