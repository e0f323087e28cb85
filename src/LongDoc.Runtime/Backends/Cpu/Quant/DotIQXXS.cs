using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// An I-quant whose 8 groups of 32 values each keep one u32 aux word: 4 x 7 sign bits (the eighth of each byte by even
/// parity, <see cref="IQDot.EvenSigns(uint)"/>) and a 4-bit scale on top (IQ2_XXS, IQ3_XXS).
/// </summary>
internal unsafe interface IXXSKind : IIQKind
{
    /// <summary>The block's 8 aux words, group g in lane g.</summary>
    static abstract Vector256<uint> Aux(byte* w);

    /// <summary>Group g's 32 grid magnitudes.</summary>
    static abstract Vector256<byte> Magnitudes(byte* w, int g);
}

/// <summary>
/// The 1-token dot (QuantKernels.KQuantDot) of the <see cref="IXXSKind"/> types, the Avx2 form of <see cref="DotIQ{T}"/>
/// reworked for decode, where these types are compute-bound: a block's 8 sign words and scales are worked out together
/// in vectors, so a group is left with its grid lookups, a vpermd per operand and the multiply-add. The same exact
/// int32 block sums and f32 steps as <see cref="DotIQ{T}.Scalar"/>, which stays the reference (VnniDotTests).
/// </summary>
internal static unsafe class DotIQXXS<T> where T : IXXSKind
{
    public static float Dot(byte* w, byte* x, int n)
    {
        if (AvxVnni.IsSupported) return Avx2Path<VnniDot>(w, x, n);
        if (Avx2.IsSupported) return Avx2Path<MaddubsDot>(w, x, n);
        return DotIQ<T>.Dot(w, x, n);
    }

    public static float Avx2Path<TDot>(byte* w, byte* x, int n) where TDot : struct, IByteDot
    {
        float sum = 0;
        for (int b = 0; b < n / Q8_KBlock.Elements; b++, w += T.Bytes, x += Q8_KBlock.Bytes)
        {
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            var aux = T.Aux(w);
            var signs = IQDot.EvenSigns(aux);
            var ls = ((aux >>> 28) << 1) | Vector256.Create(1u);
            var scales = ls | (ls << 16); // the scale in both int16 halves: vpdpwssd's pair operand
            var acc = Group<TDot>(default, w, y, signs, scales, 0);
            acc = Group<TDot>(acc, w, y, signs, scales, 1);
            acc = Group<TDot>(acc, w, y, signs, scales, 2);
            acc = Group<TDot>(acc, w, y, signs, scales, 3);
            acc = Group<TDot>(acc, w, y, signs, scales, 4);
            acc = Group<TDot>(acc, w, y, signs, scales, 5);
            acc = Group<TDot>(acc, w, y, signs, scales, 6);
            acc = Group<TDot>(acc, w, y, signs, scales, 7);
            sum += T.Finish(w, *(float*)x, Vector256.Sum(acc), 0);
        }
        return T.Factor * sum;
    }

    /// <summary>Avx2: acc plus group g (values 32g .. 32g + 31): grid magnitudes times the activations with the group's signs, scaled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> Group<TDot>(Vector256<int> acc, byte* w, sbyte* y, Vector256<uint> signs, Vector256<uint> scales, int g)
        where TDot : struct, IByteDot
    {
        var lane = Vector256.Create((uint)g);
        var negative = Blocks32.BitBytes(Avx2.PermuteVar8x32(signs, lane));
        // magnitudes <= 62 and |y| <= 127: the int16 pair sums of vpmaddubsw stay below 32767
        var ys = Avx2.Sign(Vector256.Load(y + 32 * g), (negative | Vector256.Create((byte)1)).AsSByte());
        return TDot.MulAdd(acc, T.Magnitudes(w, g), ys, Avx2.PermuteVar8x32(scales, lane).AsInt16());
    }
}
