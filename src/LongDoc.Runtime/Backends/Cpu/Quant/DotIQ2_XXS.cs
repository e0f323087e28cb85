using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// IQ2_XXS's 1-token dot (QuantKernels.KQuantDot), the Avx2 form of <see cref="DotIQ{T}"/> with <see cref="IQ2_XXSKind"/>
/// reworked for decode, where IQ2_XXS is compute-bound: the 8 groups' sign words and scales of a block are worked out
/// together in vectors (their 7-bit sign indexes and 4-bit scales sit in the odd dwords of the block's 64 bytes), so a
/// group is left with its 4 grid lookups, a vpermd per operand and the multiply-add. The same exact int32 block sums
/// and f32 steps as <see cref="DotIQ{T}.Scalar"/>, which stays the reference (VnniDotTests).
/// </summary>
internal static unsafe class DotIQ2_XXS
{
    public static float Dot(byte* w, byte* x, int n)
    {
        if (AvxVnni.IsSupported) return Avx2Path<VnniDot>(w, x, n);
        if (Avx2.IsSupported) return Avx2Path<MaddubsDot>(w, x, n);
        return DotIQ<IQ2_XXSKind>.Dot(w, x, n);
    }

    public static float Avx2Path<TDot>(byte* w, byte* x, int n) where TDot : struct, IByteDot
    {
        float sum = 0;
        for (int b = 0; b < n / IQ2_XXSBlock.Elements; b++, w += IQ2_XXSBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            byte* q = w + IQ2_XXSBlock.QsOffset;
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            // odd dwords of both halves: lanes 0-3 = groups 0, 1, 4, 5 and lanes 4-7 = groups 2, 3, 6, 7 (Lane)
            var aux = Avx.Shuffle(Vector256.Load((float*)q), Vector256.Load((float*)(q + 32)), 0xDD).AsUInt32();
            var signs = IQDot.EvenSigns(aux);
            var ls = ((aux >>> 28) << 1) | Vector256.Create(1u);
            var scales = ls | (ls << 16); // the scale in both int16 halves: vpdpwssd's pair operand
            var acc = Group<TDot>(default, q, y, signs, scales, 0);
            acc = Group<TDot>(acc, q, y, signs, scales, 1);
            acc = Group<TDot>(acc, q, y, signs, scales, 2);
            acc = Group<TDot>(acc, q, y, signs, scales, 3);
            acc = Group<TDot>(acc, q, y, signs, scales, 4);
            acc = Group<TDot>(acc, q, y, signs, scales, 5);
            acc = Group<TDot>(acc, q, y, signs, scales, 6);
            acc = Group<TDot>(acc, q, y, signs, scales, 7);
            sum += IQ2_XXSKind.Finish(w, *(float*)x, Vector256.Sum(acc), 0);
        }
        return IQ2_XXSKind.Factor * sum;
    }

    /// <summary>Avx2: acc plus group g (values 32g .. 32g + 31): grid magnitudes times the activations with the group's signs, scaled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> Group<TDot>(Vector256<int> acc, byte* q, sbyte* y, Vector256<uint> signs, Vector256<uint> scales, int g)
        where TDot : struct, IByteDot
    {
        var lane = Vector256.Create((uint)((g & 1) | (g & 2) << 1 | (g & 4) >> 1)); // group g's lane in signs and scales
        var negative = Blocks32.BitBytes(Avx2.PermuteVar8x32(signs, lane));
        var grid = IQGrids.IQ2XXS;
        byte* idx = q + 8 * g;
        var magnitudes = IQDot.Grid(IQDot.At(grid, idx[0]), IQDot.At(grid, idx[1]), IQDot.At(grid, idx[2]), IQDot.At(grid, idx[3]));
        // magnitudes <= 43 and |y| <= 127: the int16 pair sums of vpmaddubsw stay below 32767
        var ys = Avx2.Sign(Vector256.Load(y + 32 * g), (negative | Vector256.Create((byte)1)).AsSByte());
        return TDot.MulAdd(acc, magnitudes, ys, Avx2.PermuteVar8x32(scales, lane).AsInt16());
    }
}
