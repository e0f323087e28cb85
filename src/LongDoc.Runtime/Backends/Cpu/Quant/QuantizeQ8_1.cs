using System.Numerics.Tensors;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// f32 activations (n) -> Q8_1 blocks in split form (qs int8 (n), ds (2 n/32): d then s per block), as llama.cpp's
/// quantize_row_q8_1 on x86: the Q8_0 steps (d = amax / 127 stored as f16, q = round-half-even(x * 127 / amax)),
/// plus s = f16(d * sum(q)) with the unrounded d, which the Q4_1/Q5_1 dots multiply by the weight block's min.
/// </summary>
internal static unsafe class QuantizeQ8_1
{
    const int Block = 32;

    public static void Quantize(float* x, sbyte* qs, float* ds, int n)
    {
        for (int b = 0; b < n / Block; b++)
        {
            float* xb = x + b * Block;
            float amax = MathF.Abs(TensorPrimitives.MaxMagnitude(new ReadOnlySpan<float>(xb, Block)));
            float d = amax / 127f, id = amax != 0 ? 127f / amax : 0f;
            sbyte* q = qs + b * Block;
            int sum = 0;
            for (int i = 0; i < Block; i++)
            {
                q[i] = (sbyte)MathF.Round(xb[i] * id, MidpointRounding.ToEven);
                sum += q[i];
            }
            ds[2 * b] = (float)(Half)d;
            ds[2 * b + 1] = (float)(Half)(d * sum);
        }
    }
}
