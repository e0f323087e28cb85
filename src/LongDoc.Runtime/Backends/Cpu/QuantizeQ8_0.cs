using System.Numerics.Tensors;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// f32 activations (n) -> Q8_0 blocks (qs int8 (n), d (n/32)), as llama.cpp's quantize_row_q8_0 on x86:
/// d = amax / 127 stored as f16, q = round-half-even(x * 127 / amax). The f16-rounded d is what the dot uses.
/// Runs once per matmul on the activations only, so a scalar loop (with TensorPrimitives for amax) suffices.
/// </summary>
internal static unsafe class QuantizeQ8_0
{
    public static void Quantize(float* x, sbyte* qs, float* d, int n)
    {
        for (int b = 0; b < n / DotQ8_0.Block; b++)
        {
            float* xb = x + b * DotQ8_0.Block;
            float amax = MathF.Abs(TensorPrimitives.MaxMagnitude(new ReadOnlySpan<float>(xb, DotQ8_0.Block)));
            float id = amax != 0 ? 127f / amax : 0f;
            d[b] = (float)(Half)(amax / 127f);
            sbyte* q = qs + b * DotQ8_0.Block;
            for (int i = 0; i < DotQ8_0.Block; i++) q[i] = (sbyte)MathF.Round(xb[i] * id, MidpointRounding.ToEven);
        }
    }
}
