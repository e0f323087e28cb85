using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>IQ2_XXS (IQ2_XXSBlock) against Q8_K, as ggml_vec_dot_iq2_xxs_q8_K: 0.125 * sum_b d_w d_x sum_g (2 s_g + 1) sum(v y).</summary>
internal readonly unsafe struct IQ2_XXSKind : IXXSKind
{
    public static int Bytes => IQ2_XXSBlock.Bytes;
    public static float Factor => 0.125f;
    public static bool HasDelta => false;

    public static (int Sumi, int Delta) BlockScalar(byte* w, sbyte* y)
    {
        int bsum = 0;
        for (int g = 0; g < 8; g++, y += 32)
        {
            byte* q = w + IQ2_XXSBlock.QsOffset + 8 * g;
            uint aux = *(uint*)(q + 4);
            int sumi = 0;
            for (int l = 0; l < 4; l++) sumi += IQDot.Signed8(IQGrids.IQ2XXS[q[l]], IQGrids.Signs[(int)(aux >> (7 * l)) & 127], y + 8 * l);
            bsum += sumi * (int)(2 * (aux >> 28) + 1);
        }
        return (bsum, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Group(byte* w, int g, out Vector256<byte> magnitudes, out Vector256<sbyte> signs, out int lo, out int hi, out Vector256<sbyte> delta)
    {
        uint aux = *(uint*)(w + IQ2_XXSBlock.QsOffset + 8 * g + 4);
        magnitudes = Magnitudes(w, g);
        signs = IQDot.Signs(IQDot.EvenSigns(aux));
        lo = hi = (int)(2 * (aux >> 28) + 1);
        delta = default;
    }

    /// <summary>Avx2: the odd dwords of the 64 qs bytes (each group's 4 grid indexes, then its aux word), in group order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Aux(byte* w)
    {
        float* q = (float*)(w + IQ2_XXSBlock.QsOffset);
        var odd = Avx.Shuffle(Vector256.Load(q), Vector256.Load(q + 8), 0xDD).AsUInt32(); // groups 0, 1, 4, 5 | 2, 3, 6, 7
        return Avx2.PermuteVar8x32(odd, Vector256.Create(0u, 1, 4, 5, 2, 3, 6, 7));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Magnitudes(byte* w, int g)
    {
        byte* q = w + IQ2_XXSBlock.QsOffset + 8 * g;
        var grid = IQGrids.IQ2XXS;
        return IQDot.Grid(IQDot.At(grid, q[0]), IQDot.At(grid, q[1]), IQDot.At(grid, q[2]), IQDot.At(grid, q[3]));
    }

    public static float Finish(byte* w, float dx, int sumi, int delta) => IQDot.Scaled(w, dx, sumi);
}

/// <summary>IQ2_XS (IQ2_XSBlock) against Q8_K, as ggml_vec_dot_iq2_xs_q8_K: a 4-bit scale per 16 values.</summary>
internal readonly unsafe struct IQ2_XSKind : IIQKind
{
    public static int Bytes => IQ2_XSBlock.Bytes;
    public static float Factor => 0.125f;
    public static bool HasDelta => false;

    public static (int Sumi, int Delta) BlockScalar(byte* w, sbyte* y)
    {
        int bsum = 0;
        ushort* q = (ushort*)(w + IQ2_XSBlock.QsOffset);
        for (int g = 0; g < 8; g++, q += 4, y += 32)
        {
            int sc = w[IQ2_XSBlock.ScalesOffset + g];
            int sumi = 0;
            for (int l = 0; l < 2; l++) sumi += IQDot.Signed8(IQGrids.IQ2XS[q[l] & 511], IQGrids.Signs[q[l] >> 9], y + 8 * l);
            bsum += sumi * (2 * (sc & 0xF) + 1);
            sumi = 0;
            for (int l = 2; l < 4; l++) sumi += IQDot.Signed8(IQGrids.IQ2XS[q[l] & 511], IQGrids.Signs[q[l] >> 9], y + 8 * l);
            bsum += sumi * (2 * (sc >> 4) + 1);
        }
        return (bsum, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Group(byte* w, int g, out Vector256<byte> magnitudes, out Vector256<sbyte> signs, out int lo, out int hi, out Vector256<sbyte> delta)
    {
        ushort* q = (ushort*)(w + IQ2_XSBlock.QsOffset) + 4 * g;
        var grid = IQGrids.IQ2XS;
        var s = IQGrids.Signs;
        magnitudes = IQDot.Grid(IQDot.At(grid, q[0] & 511), IQDot.At(grid, q[1] & 511), IQDot.At(grid, q[2] & 511), IQDot.At(grid, q[3] & 511));
        signs = IQDot.Signs(IQDot.At(s, q[0] >> 9), IQDot.At(s, q[1] >> 9), IQDot.At(s, q[2] >> 9), IQDot.At(s, q[3] >> 9));
        int sc = w[IQ2_XSBlock.ScalesOffset + g];
        lo = 2 * (sc & 0xF) + 1;
        hi = 2 * (sc >> 4) + 1;
        delta = default;
    }

    public static float Finish(byte* w, float dx, int sumi, int delta) => IQDot.Scaled(w, dx, sumi);
}

/// <summary>IQ2_S (IQ2_SBlock) against Q8_K, as ggml_vec_dot_iq2_s_q8_K: 10-bit grid indices, plain sign bytes.</summary>
internal readonly unsafe struct IQ2_SKind : IIQKind
{
    public static int Bytes => IQ2_SBlock.Bytes;
    public static float Factor => 0.125f;
    public static bool HasDelta => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int Index(byte* w, int g, int l) => IQ2_SBlock.Index(new ReadOnlySpan<byte>(w, IQ2_SBlock.Bytes), g, l);

    public static (int Sumi, int Delta) BlockScalar(byte* w, sbyte* y)
    {
        int bsum = 0;
        byte* signs = w + IQ2_SBlock.SignsOffset;
        for (int g = 0; g < 8; g++, y += 32, signs += 4)
        {
            int sc = w[IQ2_SBlock.ScalesOffset + g];
            int sumi1 = 0, sumi2 = 0;
            for (int l = 0; l < 2; l++) sumi1 += IQDot.Signed8(IQGrids.IQ2S[Index(w, g, l)], signs[l], y + 8 * l);
            for (int l = 2; l < 4; l++) sumi2 += IQDot.Signed8(IQGrids.IQ2S[Index(w, g, l)], signs[l], y + 8 * l);
            bsum += (1 + 2 * (sc & 0xF)) * sumi1 + (1 + 2 * (sc >> 4)) * sumi2;
        }
        return (bsum, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Group(byte* w, int g, out Vector256<byte> magnitudes, out Vector256<sbyte> signs, out int lo, out int hi, out Vector256<sbyte> delta)
    {
        var grid = IQGrids.IQ2S;
        byte* s = w + IQ2_SBlock.SignsOffset + 4 * g;
        magnitudes = IQDot.Grid(IQDot.At(grid, Index(w, g, 0)), IQDot.At(grid, Index(w, g, 1)), IQDot.At(grid, Index(w, g, 2)), IQDot.At(grid, Index(w, g, 3)));
        signs = IQDot.Signs(*(uint*)s);
        int sc = w[IQ2_SBlock.ScalesOffset + g];
        lo = 2 * (sc & 0xF) + 1;
        hi = 2 * (sc >> 4) + 1;
        delta = default;
    }

    public static float Finish(byte* w, float dx, int sumi, int delta) => IQDot.Scaled(w, dx, sumi);
}
