using LongDoc.Runtime.Backends.Cpu.Quant;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// One quantized weight type's matmul kernel: the format its activations are quantized to once per matmul
/// (ggml's vec_dot_type), and the dot of one stored row with one token's quantized activations.
/// <see cref="Dot"/> is a function pointer whose signature follows <see cref="Format"/>:
///   Q8_0: float Dot(byte* w, sbyte* xq, float* xd, int n)   (xq int8 (n), xd f32 (n/32))
///   Q8_1: the same, with xd holding d then s per block (2n/32)
///   Q8_K: float Dot(byte* w, byte* x, int n)                 (x  n/256 blocks of 292 bytes)
/// <see cref="Dot4"/> (0 where absent) is the prefill form, one row against 4 consecutive tokens, equal to 4 Dots:
///   Q8_0: void Dot4(byte* w, sbyte* xq, float* xd, int n, float* y, long yStride)
///   Q8_K: void Dot4(byte* w, byte* x, long xStride, int n, float* y, long yStride)
/// <see cref="Tile"/> (Pack == 0 where absent or where the CPU lacks its instructions) is the prefill GEMM of 8 rows
/// unpacked once into a tile, then multiplied with 4 tokens per call, each result equal to the Dot's.
/// </summary>
internal readonly record struct QuantDot(ActivationFormat Format, nint Dot, nint Dot4 = 0, QuantTile Tile = default);

/// <summary>
/// A blocked prefill GEMM (Q8_K activations): Pack(byte* w, long rowBytes, int cols, byte* tile) unpacks 8 rows into
/// a tile of cols / 256 * <see cref="BlockBytes"/> bytes; Tile(byte* tile, int cols, byte* x, long xStride, float* y,
/// long yStride) writes y[k * yStride + r] for 4 tokens k and the 8 rows r (<see cref="GemmQ4_K"/>, <see cref="GemmQ6_K"/>); One(byte* tile,
/// int cols, byte* x, float* y) y[r] for one token.
/// </summary>
internal readonly record struct QuantTile(nint Pack, nint Tile, nint One, int BlockBytes);

/// <summary>
/// The table behind the CPU matmul of quantized weights, keyed by weight type: Q8_0, Q4_0, Q5_0 and IQ4_NL pair with
/// Q8_0 activations, Q4_1 and Q5_1 with Q8_1, the k-quants, IQ4_XS and the I-quants (IQ1_S .. IQ3_S) with Q8_K (as llama.cpp's type_traits_cpu). A type missing here is a float type,
/// multiplied in f32 after its activations are rounded to its precision.
/// </summary>
internal static unsafe class QuantDots
{
    static readonly Dictionary<GgmlType, QuantDot> Table = new()
    {
        [GgmlType.Q8_0] = new(ActivationFormat.Q8_0, (nint)(delegate*<byte*, sbyte*, float*, int, float>)&DotQ8_0.Dot,
            (nint)(delegate*<byte*, sbyte*, float*, int, float*, long, void>)&DotQ8_0x4.Dot4),
        [GgmlType.Q4_0] = new(ActivationFormat.Q8_0, (nint)(delegate*<byte*, sbyte*, float*, int, float>)&DotBlock32<Q4_0Kind>.Dot),
        [GgmlType.Q5_0] = new(ActivationFormat.Q8_0, (nint)(delegate*<byte*, sbyte*, float*, int, float>)&DotBlock32<Q5_0Kind>.Dot,
            (nint)(delegate*<byte*, sbyte*, float*, int, float*, long, void>)&DotBlock32<Q5_0Kind>.Dot4),
        [GgmlType.IQ4_NL] = new(ActivationFormat.Q8_0, (nint)(delegate*<byte*, sbyte*, float*, int, float>)&DotBlock32<IQ4_NLKind>.Dot,
            (nint)(delegate*<byte*, sbyte*, float*, int, float*, long, void>)&DotBlock32<IQ4_NLKind>.Dot4),
        [GgmlType.Q4_1] = new(ActivationFormat.Q8_1, (nint)(delegate*<byte*, sbyte*, float*, int, float>)&DotBlock32<Q4_1Kind>.Dot,
            (nint)(delegate*<byte*, sbyte*, float*, int, float*, long, void>)&DotBlock32<Q4_1Kind>.Dot4),
        [GgmlType.Q5_1] = new(ActivationFormat.Q8_1, (nint)(delegate*<byte*, sbyte*, float*, int, float>)&DotBlock32<Q5_1Kind>.Dot,
            (nint)(delegate*<byte*, sbyte*, float*, int, float*, long, void>)&DotBlock32<Q5_1Kind>.Dot4),
        [GgmlType.Q2_K] = new(ActivationFormat.Q8_K, (nint)QuantKernels.KQuantDot(GgmlType.Q2_K)),
        [GgmlType.Q3_K] = new(ActivationFormat.Q8_K, (nint)QuantKernels.KQuantDot(GgmlType.Q3_K),
            (nint)(delegate*<byte*, byte*, long, int, float*, long, void>)&DotQ3_K.Dot4),
        [GgmlType.IQ4_XS] = new(ActivationFormat.Q8_K, (nint)QuantKernels.KQuantDot(GgmlType.IQ4_XS),
            (nint)(delegate*<byte*, byte*, long, int, float*, long, void>)&DotIQ4_XS.Dot4),
        [GgmlType.IQ2_XXS] = new(ActivationFormat.Q8_K, (nint)QuantKernels.KQuantDot(GgmlType.IQ2_XXS),
            (nint)(delegate*<byte*, byte*, long, int, float*, long, void>)&DotIQ<IQ2_XXSKind>.Dot4),
        [GgmlType.IQ2_XS] = new(ActivationFormat.Q8_K, (nint)QuantKernels.KQuantDot(GgmlType.IQ2_XS),
            (nint)(delegate*<byte*, byte*, long, int, float*, long, void>)&DotIQ<IQ2_XSKind>.Dot4),
        [GgmlType.IQ3_XXS] = new(ActivationFormat.Q8_K, (nint)QuantKernels.KQuantDot(GgmlType.IQ3_XXS),
            (nint)(delegate*<byte*, byte*, long, int, float*, long, void>)&DotIQ<IQ3_XXSKind>.Dot4),
        [GgmlType.IQ1_S] = new(ActivationFormat.Q8_K, (nint)QuantKernels.KQuantDot(GgmlType.IQ1_S),
            (nint)(delegate*<byte*, byte*, long, int, float*, long, void>)&DotIQ<IQ1_SKind>.Dot4),
        [GgmlType.IQ3_S] = new(ActivationFormat.Q8_K, (nint)QuantKernels.KQuantDot(GgmlType.IQ3_S),
            (nint)(delegate*<byte*, byte*, long, int, float*, long, void>)&DotIQ<IQ3_SKind>.Dot4),
        [GgmlType.IQ2_S] = new(ActivationFormat.Q8_K, (nint)QuantKernels.KQuantDot(GgmlType.IQ2_S),
            (nint)(delegate*<byte*, byte*, long, int, float*, long, void>)&DotIQ<IQ2_SKind>.Dot4),
        [GgmlType.IQ1_M] = new(ActivationFormat.Q8_K, (nint)QuantKernels.KQuantDot(GgmlType.IQ1_M),
            (nint)(delegate*<byte*, byte*, long, int, float*, long, void>)&DotIQ<IQ1_MKind>.Dot4),
        [GgmlType.Q4_K] = new(ActivationFormat.Q8_K, (nint)QuantKernels.KQuantDot(GgmlType.Q4_K),
            (nint)(delegate*<byte*, byte*, long, int, float*, long, void>)&DotKQuant4.Q4_K,
            GemmQ4_K.IsSupported ? new((nint)(delegate*<byte*, long, int, byte*, void>)&GemmQ4_K.Pack,
                (nint)(delegate*<byte*, int, byte*, long, float*, long, void>)&GemmQ4_K.Tile,
                (nint)(delegate*<byte*, int, byte*, float*, void>)&GemmQ4_K.TileOne, GemmQ4_K.BlockBytes) : default),
        [GgmlType.Q5_K] = new(ActivationFormat.Q8_K, (nint)QuantKernels.KQuantDot(GgmlType.Q5_K),
            (nint)(delegate*<byte*, byte*, long, int, float*, long, void>)&DotKQuant4.Q5_K),
        [GgmlType.Q6_K] = new(ActivationFormat.Q8_K, (nint)QuantKernels.KQuantDot(GgmlType.Q6_K),
            (nint)(delegate*<byte*, byte*, long, int, float*, long, void>)&DotKQuant4.Q6_K,
            GemmQ4_K.IsSupported ? new((nint)(delegate*<byte*, long, int, byte*, void>)&GemmQ6_K.Pack,
                (nint)(delegate*<byte*, int, byte*, long, float*, long, void>)&GemmQ6_K.Tile,
                (nint)(delegate*<byte*, int, byte*, float*, void>)&GemmQ6_K.TileOne, GemmQ6_K.BlockBytes) : default),
    };

    public static bool TryGet(GgmlType type, out QuantDot dot) => Table.TryGetValue(type, out dot);

    public static IEnumerable<GgmlType> Types => Table.Keys;
}
