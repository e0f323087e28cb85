using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// How the 256-bit quantized kernels turn 32 u8 x s8 products into int32 lanes; a kernel generic over it is
/// instantiated once per form (struct type arguments, so the JIT specializes each). Both forms give the same
/// int32 lanes (lane i covers bytes 4i .. 4i + 3): every kernel's unsigned operand is at most 128, so each
/// vpmaddubsw pair lies in [-32768, 32512] and never saturates, and the rest is exact int32 arithmetic.
/// </summary>
internal interface IByteDot
{
    /// <summary>acc + lane i: sum over bytes 4i .. 4i + 3 of u * s * scale, the int16 scale per byte pair (lanes 2i, 2i + 1).</summary>
    static abstract Vector256<int> MulAdd(Vector256<int> acc, Vector256<byte> u, Vector256<sbyte> s, Vector256<short> scale);

    /// <summary>Lane i: sum over bytes 4i .. 4i + 3 of u * s.</summary>
    static abstract Vector256<int> Dot(Vector256<byte> u, Vector256<sbyte> s);
}

/// <summary>Avx2, as ggml's AVX2 kernels: vpmaddubsw to int16 pairs, then vpmaddwd with the scale (or ones), then vpaddd.</summary>
internal readonly struct MaddubsDot : IByteDot
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MulAdd(Vector256<int> acc, Vector256<byte> u, Vector256<sbyte> s, Vector256<short> scale) =>
        acc + Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(u, s), scale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Dot(Vector256<byte> u, Vector256<sbyte> s) =>
        Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(u, s), Vector256.Create((short)1));
}

/// <summary>
/// AVX-VNNI (VEX vpdpbusd / vpdpwssd; .NET 10 exposes no 512-bit VNNI): the scaled form is vpmaddubsw then one
/// vpdpwssd into the accumulator (the vpmaddwd and vpaddd fused), the plain form one vpdpbusd (for the vpmaddubsw
/// and vpmaddwd with ones).
/// </summary>
internal readonly struct VnniDot : IByteDot
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MulAdd(Vector256<int> acc, Vector256<byte> u, Vector256<sbyte> s, Vector256<short> scale) =>
        AvxVnni.MultiplyWideningAndAdd(acc, Avx2.MultiplyAddAdjacent(u, s), scale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Dot(Vector256<byte> u, Vector256<sbyte> s) =>
        AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, u, s);
}
