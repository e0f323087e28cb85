using System.Text.Json;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// RoPE base and scaling of a config.json: top-level rope_theta and rope_scaling (transformers 4), or the
/// rope_parameters object of transformers 5 configs (GLM-5), where rope_type "default" means no scaling. Without this,
/// a transformers 5 config would silently get rope_theta 10000, a different model.
/// </summary>
internal static class HfRopeParameters
{
    /// <summary>The base, and the scaling object with the key to name in errors (null = none).</summary>
    public static (float Theta, JsonElement? Scaling, string ScalingKey) Read(JsonElement root, string path)
    {
        JsonElement? parameters = root.TryGetProperty("rope_parameters", out var p) && p.ValueKind == JsonValueKind.Object ? p : null;
        var theta = root.TryGetProperty("rope_theta", out _) || parameters is null ? Theta(root, path) : Theta(parameters.Value, path);
        if (root.TryGetProperty("rope_scaling", out var s) && s.ValueKind != JsonValueKind.Null) return (theta, s, "rope_scaling");
        if (parameters is { } rp && Type(rp) is not ("" or "default")) return (theta, rp, "rope_parameters");
        return (theta, null, "rope_scaling");
    }

    /// <summary>"type" or "rope_type" of a scaling object; "" when neither.</summary>
    public static string Type(JsonElement scaling) =>
        scaling.ValueKind == JsonValueKind.Object && (scaling.TryGetProperty("type", out var t) || scaling.TryGetProperty("rope_type", out t)) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";

    static float Theta(JsonElement o, string path) =>
        !o.TryGetProperty("rope_theta", out var v) || v.ValueKind == JsonValueKind.Null ? 10000f
        : v.ValueKind == JsonValueKind.Number ? v.GetSingle()
        : throw new WeightFormatException(path, "rope_theta", $"expected a number, found {v.ValueKind}");
}
