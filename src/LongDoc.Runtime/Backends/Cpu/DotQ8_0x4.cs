using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Prefill form of <see cref="DotQ8_0"/>: one Q8_0 weight row against 4 tokens, each weight block loaded, widened
/// and its f16 scale looked up once for 4 tokens. Each token's result is <see cref="DotQ8_0.Dot"/>'s bit for bit:
/// the same per-lane int32 sums and f32 multiply-adds in the same block order.
/// xq (4, n) int8 and xd (4, n/32) f32, tokens contiguous as the backend lays them out; y[k * yStride] for token k.
/// </summary>
internal static unsafe class DotQ8_0x4
{
    public const int Tokens = 4;

    public static void Dot4(byte* w, sbyte* xq, float* xd, int n, float* y, long yStride)
    {
        if (!Avx512BW.IsSupported)
        {
            for (int k = 0; k < Tokens; k++) y[k * yStride] = DotQ8_0.Dot(w, xq + (long)k * n, xd + (long)k * (n / DotQ8_0.Block), n);
            return;
        }
        var table = HalfBits.F16ToF32;
        int blocks = n / DotQ8_0.Block;
        sbyte* q0 = xq, q1 = q0 + n, q2 = q1 + n, q3 = q2 + n;
        float* d0 = xd, d1 = d0 + blocks, d2 = d1 + blocks, d3 = d2 + blocks;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int b = 0; b < blocks; b++, w += DotQ8_0.BlockBytes)
        {
            var wq = Vector512.WidenLower(Vector256.Load((sbyte*)(w + 2)).ToVector512Unsafe());   // (32) int16
            float dw = table[*(ushort*)w];
            int o = b * DotQ8_0.Block;
            a0 = Vector512.FusedMultiplyAdd(Sums(wq, q0 + o), Vector512.Create(dw * d0[b]), a0);
            a1 = Vector512.FusedMultiplyAdd(Sums(wq, q1 + o), Vector512.Create(dw * d1[b]), a1);
            a2 = Vector512.FusedMultiplyAdd(Sums(wq, q2 + o), Vector512.Create(dw * d2[b]), a2);
            a3 = Vector512.FusedMultiplyAdd(Sums(wq, q3 + o), Vector512.Create(dw * d3[b]), a3);
        }
        y[0] = Vector512.Sum(a0); y[yStride] = Vector512.Sum(a1); y[2 * yStride] = Vector512.Sum(a2); y[3 * yStride] = Vector512.Sum(a3);
    }

    /// <summary>16 int32 pair sums of one block's weights with one token's 32 int8 activations, as f32.</summary>
    static Vector512<float> Sums(Vector512<short> wq, sbyte* q) =>
        Vector512.ConvertToSingle(Avx512BW.MultiplyAddAdjacent(wq, Vector512.WidenLower(Vector256.Load(q).ToVector512Unsafe())));
}
