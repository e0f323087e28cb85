using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// f32 activations (n) -> Q8_K blocks (n / 256 of 292 bytes), as ggml's quantize_row_q8_K (which on x86 is the
/// reference): d = max / -127 for the signed value of largest magnitude (first one on ties), q = nearest_int(x / d)
/// capped at 127, bsums per 16. Runs once per matmul on the activations; the vector path equals the scalar one byte
/// for byte (round-to-nearest-even is nearest_int for |x| &lt;= 127).
/// </summary>
internal static unsafe class QuantizeQ8_K
{
    public static void Quantize(float* x, byte* dst, int n)
    {
        if (Vector256.IsHardwareAccelerated) Vector256Path(x, dst, n);
        else Scalar(x, dst, n);
    }

    public static void Scalar(float* x, byte* dst, int n) =>
        Q8_KBlock.QuantizeRow(new ReadOnlySpan<float>(x, n), new Span<byte>(dst, n / Q8_KBlock.Elements * Q8_KBlock.Bytes));

    public static void Vector256Path(float* x, byte* dst, int n)
    {
        var cap = Vector256.Create(127);
        for (int b = 0; b < n / Q8_KBlock.Elements; b++, x += Q8_KBlock.Elements, dst += Q8_KBlock.Bytes)
        {
            var xs = new ReadOnlySpan<float>(x, Q8_KBlock.Elements);
            float amax = MathF.Abs(TensorPrimitives.MaxMagnitude(xs));
            var block = new Span<byte>(dst, Q8_KBlock.Bytes);
            block.Clear();
            if (amax == 0) continue;
            int first = 0;
            while (MathF.Abs(x[first]) != amax) first++;
            float iscale = -127f / x[first];
            var vscale = Vector256.Create(iscale);
            sbyte* q = (sbyte*)(dst + Q8_KBlock.QsOffset);
            short* bsums = (short*)(dst + Q8_KBlock.BsumsOffset);
            for (int j = 0; j < Q8_KBlock.Elements; j += 16)
            {
                var a = Vector256.Min(Vector256.ConvertToInt32(Vector256.Round(Vector256.Load(x + j) * vscale)), cap);
                var c = Vector256.Min(Vector256.ConvertToInt32(Vector256.Round(Vector256.Load(x + j + 8) * vscale)), cap);
                Vector128.StoreUnsafe(Vector128.Narrow(Vector256.Narrow(a, c).GetLower(), Vector256.Narrow(a, c).GetUpper()), ref *q, (nuint)j);
                bsums[j / 16] = (short)Vector256.Sum(a + c);
            }
            BinaryPrimitives.WriteSingleLittleEndian(block, 1 / iscale);
        }
    }
}
