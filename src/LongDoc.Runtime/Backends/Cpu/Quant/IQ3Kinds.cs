using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>IQ3_XXS (IQ3_XXSBlock) against Q8_K, as ggml_vec_dot_iq3_xxs_q8_K: 0.25 * sum_b d_w d_x sum_g (2 s_g + 1) sum(v y).</summary>
internal readonly unsafe struct IQ3_XXSKind : IXXSKind
{
    public static int Bytes => IQ3_XXSBlock.Bytes;
    public static float Factor => 0.25f;
    public static bool HasDelta => false;

    public static (int Sumi, int Delta) BlockScalar(byte* w, sbyte* y)
    {
        int bsum = 0;
        for (int g = 0; g < 8; g++)
        {
            byte* q = w + IQ3_XXSBlock.QsOffset + 8 * g;
            uint aux = *(uint*)(w + IQ3_XXSBlock.SignsOffset + 4 * g);
            int sumi = 0;
            for (int l = 0; l < 4; l++, y += 8)
            {
                int signs = IQGrids.Signs[(int)(aux >> (7 * l)) & 127];
                sumi += IQDot.Signed4(IQGrids.IQ3XXS[q[2 * l]], signs, y) + IQDot.Signed4(IQGrids.IQ3XXS[q[2 * l + 1]], signs >> 4, y + 4);
            }
            bsum += sumi * (int)(2 * (aux >> 28) + 1);
        }
        return (bsum, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Group(byte* w, int g, out Vector256<byte> magnitudes, out Vector256<sbyte> signs, out int lo, out int hi, out Vector256<sbyte> delta)
    {
        uint aux = *(uint*)(w + IQ3_XXSBlock.SignsOffset + 4 * g);
        magnitudes = Magnitudes(w, g);
        signs = IQDot.Signs(IQDot.EvenSigns(aux));
        lo = hi = (int)(2 * (aux >> 28) + 1);
        delta = default;
    }

    /// <summary>The 8 aux words, stored one after another after the 64 grid indexes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Aux(byte* w) => Vector256.Load((uint*)(w + IQ3_XXSBlock.SignsOffset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Magnitudes(byte* w, int g)
    {
        byte* q = w + IQ3_XXSBlock.QsOffset + 8 * g;
        var grid = IQGrids.IQ3XXS;
        return IQDot.Grid(IQDot.At(grid, q[0]) | (ulong)IQDot.At(grid, q[1]) << 32, IQDot.At(grid, q[2]) | (ulong)IQDot.At(grid, q[3]) << 32,
            IQDot.At(grid, q[4]) | (ulong)IQDot.At(grid, q[5]) << 32, IQDot.At(grid, q[6]) | (ulong)IQDot.At(grid, q[7]) << 32);
    }

    public static float Finish(byte* w, float dx, int sumi, int delta) => IQDot.Scaled(w, dx, sumi);
}

/// <summary>IQ3_S (IQ3_SBlock) against Q8_K, as ggml_vec_dot_iq3_s_q8_K: sum_b d_w d_x sum_g (2 s_g + 1) sum(v y), no factor.</summary>
internal readonly unsafe struct IQ3_SKind : IIQKind
{
    public static int Bytes => IQ3_SBlock.Bytes;
    public static float Factor => 1f;
    public static bool HasDelta => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int Index(byte* w, int g, int k) => IQ3_SBlock.Index(new ReadOnlySpan<byte>(w, IQ3_SBlock.Bytes), g, k);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int Scale(byte* w, int g) => IQ3_SBlock.Scale(new ReadOnlySpan<byte>(w, IQ3_SBlock.Bytes), g);

    public static (int Sumi, int Delta) BlockScalar(byte* w, sbyte* y)
    {
        int bsum = 0;
        for (int g = 0; g < 8; g++)
        {
            byte* signs = w + IQ3_SBlock.SignsOffset + 4 * g;
            int sumi = 0;
            for (int l = 0; l < 4; l++, y += 8)
                sumi += IQDot.Signed4(IQGrids.IQ3S[Index(w, g, 2 * l)], signs[l], y) + IQDot.Signed4(IQGrids.IQ3S[Index(w, g, 2 * l + 1)], signs[l] >> 4, y + 4);
            bsum += sumi * Scale(w, g);
        }
        return (bsum, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Group(byte* w, int g, out Vector256<byte> magnitudes, out Vector256<sbyte> signs, out int lo, out int hi, out Vector256<sbyte> delta)
    {
        var grid = IQGrids.IQ3S;
        byte* s = w + IQ3_SBlock.SignsOffset + 4 * g;
        magnitudes = IQDot.Grid(IQDot.At(grid, Index(w, g, 0)) | (ulong)IQDot.At(grid, Index(w, g, 1)) << 32, IQDot.At(grid, Index(w, g, 2)) | (ulong)IQDot.At(grid, Index(w, g, 3)) << 32,
            IQDot.At(grid, Index(w, g, 4)) | (ulong)IQDot.At(grid, Index(w, g, 5)) << 32, IQDot.At(grid, Index(w, g, 6)) | (ulong)IQDot.At(grid, Index(w, g, 7)) << 32);
        signs = IQDot.Signs(*(uint*)s);
        lo = hi = Scale(w, g);
        delta = default;
    }

    public static float Finish(byte* w, float dx, int sumi, int delta) => IQDot.Scaled(w, dx, sumi);
}
