namespace LongDoc.Runtime.Generation;

/// <summary>
/// How the next token is chosen and when generation stops. Defaults are llama.cpp's (common_params_sampling):
/// temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, no repetition penalty over a 64-token window.
/// A stage whose value disables it (TopK 0, TopP 1, MinP 0, RepetitionPenalty 1) is skipped.
/// </summary>
public sealed record SamplingOptions
{
    /// <summary>0 = greedy (argmax of the penalized logits, lowest id on ties).</summary>
    public float Temperature { get; init; } = 0.8f;
    /// <summary>Keep the K most likely tokens; 0 or >= vocabulary disables.</summary>
    public int TopK { get; init; } = 40;
    /// <summary>Keep the smallest set of most likely tokens whose probability reaches P; 1 disables.</summary>
    public float TopP { get; init; } = 0.95f;
    /// <summary>Keep tokens with probability >= MinP x the top token's; 0 disables.</summary>
    public float MinP { get; init; } = 0.05f;
    /// <summary>llama.cpp's repeat penalty: a recent token's logit is divided by it (multiplied when negative); 1 disables.</summary>
    public float RepetitionPenalty { get; init; } = 1f;
    /// <summary>How many of the most recent tokens (prompt included) the penalty looks at.</summary>
    public int RepetitionWindow { get; init; } = 64;
    /// <summary>Seed of the draw; null picks one at random (non-reproducible).</summary>
    public int? Seed { get; init; }
    /// <summary>Most tokens to generate.</summary>
    public int MaxTokens { get; init; } = 512;
    /// <summary>Text that ends generation; it never appears in the output.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    public static SamplingOptions Greedy { get; } = new() { Temperature = 0 };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first out-of-range option.</summary>
    public void Validate()
    {
        Check(float.IsFinite(Temperature) && Temperature >= 0, nameof(Temperature), Temperature, ">= 0");
        Check(TopK >= 0, nameof(TopK), TopK, ">= 0");
        Check(TopP is > 0 and <= 1, nameof(TopP), TopP, "in (0, 1]");
        Check(MinP is >= 0 and <= 1, nameof(MinP), MinP, "in [0, 1]");
        Check(float.IsFinite(RepetitionPenalty) && RepetitionPenalty > 0, nameof(RepetitionPenalty), RepetitionPenalty, "> 0");
        Check(RepetitionWindow >= 0, nameof(RepetitionWindow), RepetitionWindow, ">= 0");
        Check(MaxTokens >= 1, nameof(MaxTokens), MaxTokens, ">= 1");
        Check(StopStrings.All(s => s.Length > 0), nameof(StopStrings), "an empty string", "non-empty strings");
    }

    static void Check(bool ok, string name, object value, string expected)
    {
        if (!ok) throw new ArgumentException($"sampling option {name} = {value} must be {expected}", name);
    }
}
