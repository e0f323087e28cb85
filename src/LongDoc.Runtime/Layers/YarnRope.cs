using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// RoPE NORM (adjacent pairs x[2i], x[2i+1]; NEOX with <c>neox</c>: x[i], x[i + dims/2], as the DSA indexer of
/// deepseek32 rotates) over a slice of <c>dims</c> values, with optional YaRN, as ggml's
/// rope_yarn: theta_extrap = pos * base^(-2i/dims); with YaRN theta = theta_interp (1 - ramp) + theta_extrap ramp,
/// theta_interp = theta_extrap / factor, ramp 1 below the correction band [low, high] of pair indices (computed from
/// beta_fast, beta_slow and the original context) and 0 above it. The YaRN magnitude 1 + 0.1 ln(factor) is cancelled
/// by the attention factor llama.cpp passes for deepseek2 (llama-context.cpp), so rotations keep |x|; the attention
/// temperature instead goes into <see cref="AttentionScale"/> (deepseek2.cpp, llama.cpp PR 17945).
/// </summary>
public sealed class YarnRope
{
    readonly int _dims;
    readonly float _thetaScale, _freqScale, _low, _high, _magnitude;
    readonly bool _yarn, _neox;

    public YarnRope(float freqBase, int dims, RopeYarn? yarn, bool neox = false)
    {
        _dims = dims;
        _neox = neox;
        _thetaScale = MathF.Pow(freqBase, -2f / dims);
        _yarn = yarn is { Factor: > 1f };
        _freqScale = _yarn ? 1f / yarn!.Factor : 1f;
        _magnitude = 1f;
        if (_yarn)
        {
            float Corr(float beta) => dims * MathF.Log(yarn!.OriginalContext / (beta * 2 * MathF.PI)) / (2 * MathF.Log(freqBase));
            _low = MathF.Max(0, MathF.Floor(Corr(yarn!.BetaFast)));
            _high = MathF.Min(dims - 1, MathF.Ceiling(Corr(yarn.BetaSlow)));
            // attn_factor handed to ggml (1 / (1 + 0.1 ln F)) times ggml's own (1 + 0.1 ln(1/freq_scale)): 1 up to rounding
            _magnitude = 1f / (1f + 0.1f * MathF.Log(yarn.Factor)) * (1f + 0.1f * MathF.Log(1f / _freqScale));
        }
    }

    /// <summary>
    /// The softmax scale of a deepseek2 head of width <paramref name="headDim"/> (nope + rope): mscale^2 / sqrt(headDim)
    /// with mscale = 1 + 0.1 mscale_all_dim ln(factor) under YaRN, else 1 / sqrt(headDim).
    /// </summary>
    public int Dims => _dims;

    public static float AttentionScale(RopeYarn? yarn, int headDim)
    {
        float m = yarn is { Factor: > 1f } ? 1f + 0.1f * yarn.MscaleAllDim * MathF.Log(yarn.Factor) : 1f;
        return m * m / MathF.Sqrt(headDim);
    }

    /// <summary>Rotates x (dims) in place for position <paramref name="pos"/>.</summary>
    public void Rotate(Span<float> x, int pos)
    {
        float theta = pos; // ggml steps theta by the scale per pair in float, as here
        for (int i0 = 0; i0 < _dims; i0 += 2)
        {
            float t = theta * _freqScale;
            if (_yarn)
            {
                float y = (i0 / 2 - _low) / MathF.Max(0.001f, _high - _low);
                float ramp = 1 - MathF.Min(1, MathF.Max(0, y));
                t = t * (1 - ramp) + theta * ramp;
            }
            float cos = MathF.Cos(t) * _magnitude, sin = MathF.Sin(t) * _magnitude;
            int j0 = _neox ? i0 / 2 : i0, j1 = _neox ? i0 / 2 + _dims / 2 : i0 + 1;
            float x0 = x[j0], x1 = x[j1];
            x[j0] = x0 * cos - x1 * sin;
            x[j1] = x0 * sin + x1 * cos;
            theta *= _thetaScale;
        }
    }
}
