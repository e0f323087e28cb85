using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends;

/// <summary>
/// One rotary embedding with everything <see cref="IBackend.Rope"/> needs, as ggml's rope_ext / rope_yarn: pair i of a
/// rotated slice of <paramref name="Dims"/> turns by theta_extrap = pos * base^(-2i/dims) / factor_i, computed as ggml
/// does by repeated f32 multiplication (theta *= <paramref name="ThetaScale"/>); without YaRN the angle is theta_extrap,
/// with YaRN theta_interp (1 - ramp) + theta_extrap ramp, theta_interp = theta_extrap * <paramref name="FreqScale"/>,
/// ramp = 1 - clamp((i - Low) / max(0.001, High - Low), 0, 1), cos and sin scaled by <paramref name="Magnitude"/>.
/// NEOX pairs (i, i + dims/2) (qwen, the deepseek32 indexer); NORM pairs (2i, 2i+1) (llama in ggml layout, deepseek2).
/// </summary>
/// <param name="FreqFactors">GGUF rope_freqs.weight (dims/2 values: Llama 3.1's rope_scaling "llama3"), or null.</param>
public sealed record RopeParams(int Dims, bool Neox, float ThetaScale, float[]? FreqFactors = null, bool Yarn = false,
    float FreqScale = 1f, float Low = 0f, float High = 0f, float Magnitude = 1f)
{
    /// <summary>No YaRN; with <paramref name="freqFactors"/> pair i turns by theta_i / factor_i.</summary>
    public static RopeParams Plain(RopeStyle style, float freqBase, int dims, float[]? freqFactors = null)
    {
        if (freqFactors is not null && freqFactors.Length != dims / 2)
            throw new ArgumentException($"rope: {freqFactors.Length} frequency factors for {dims} rotated values; {dims / 2} needed");
        return new(dims, style == RopeStyle.Neox, MathF.Pow(freqBase, -2f / dims), freqFactors);
    }

    /// <summary>
    /// YaRN when <paramref name="yarn"/> has a factor above 1 (deepseek2's rope part; NEOX with <paramref name="neox"/>, as
    /// the deepseek32 indexer rotates): the correction band [Low, High] of pair indices from beta_fast, beta_slow and the
    /// original context. The magnitude 1 + 0.1 ln(factor) is cancelled by the attention factor llama.cpp passes for
    /// deepseek2 (llama-context.cpp), so rotations keep |x| up to rounding (Layers/YarnRope.cs has the attention scale).
    /// </summary>
    public static RopeParams OfYarn(float freqBase, int dims, RopeYarn? yarn, bool neox = false)
    {
        var plain = Plain(neox ? RopeStyle.Neox : RopeStyle.Norm, freqBase, dims);
        if (yarn is not { Factor: > 1f }) return plain;
        float Corr(float beta) => dims * MathF.Log(yarn.OriginalContext / (beta * 2 * MathF.PI)) / (2 * MathF.Log(freqBase));
        float freqScale = 1f / yarn.Factor;
        float low = MathF.Max(0, MathF.Floor(Corr(yarn.BetaFast))), high = MathF.Min(dims - 1, MathF.Ceiling(Corr(yarn.BetaSlow)));
        // attn_factor handed to ggml (1 / (1 + 0.1 ln F)) times ggml's own (1 + 0.1 ln(1/freq_scale)): 1 up to rounding
        float magnitude = 1f / (1f + 0.1f * MathF.Log(yarn.Factor)) * (1f + 0.1f * MathF.Log(1f / freqScale));
        return plain with { Yarn = true, FreqScale = freqScale, Low = low, High = high, Magnitude = magnitude };
    }
}
