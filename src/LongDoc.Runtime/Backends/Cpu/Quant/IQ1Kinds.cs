using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>IQ1_S (IQ1_SBlock) against Q8_K, as ggml_vec_dot_iq1_s_q8_K: d_w d_x (sumi + 0.125 delta) per block, the
/// delta term from the Q8_K block sums.</summary>
internal readonly unsafe struct IQ1_SKind : IIQKind
{
    public static int Bytes => IQ1_SBlock.Bytes;
    public static float Factor => 1f;
    public static bool HasDelta => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int Index(byte* w, int g, int l) => IQ1_SBlock.Index(new ReadOnlySpan<byte>(w, IQ1_SBlock.Bytes), g, l);

    public static (int Sumi, int Delta) BlockScalar(byte* w, sbyte* y)
    {
        short* bsums = (short*)(y + Q8_KBlock.Elements);
        int sumi = 0, sumi1 = 0;
        for (int g = 0; g < 8; g++)
        {
            int qh = ((ushort*)(w + IQ1_SBlock.QhOffset))[g];
            int ls = 2 * ((qh >> 12) & 7) + 1;
            int delta = (qh & 0x8000) != 0 ? -1 : 1;
            int lsum = 0;
            for (int l = 0; l < 4; l++, y += 8)
            {
                ulong grid = IQGrids.IQ1S[Index(w, g, l)];
                for (int j = 0; j < 8; j++) lsum += y[j] * (sbyte)(grid >> (8 * j));
            }
            sumi += ls * lsum;
            sumi1 += ls * delta * (bsums[2 * g] + bsums[2 * g + 1]);
        }
        return (sumi, sumi1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Group(byte* w, int g, out Vector256<byte> magnitudes, out Vector256<sbyte> signs, out int lo, out int hi, out Vector256<sbyte> delta)
    {
        var grid = IQGrids.IQ1S;
        int qh = ((ushort*)(w + IQ1_SBlock.QhOffset))[g];
        magnitudes = Vector256.Create((byte)1);
        signs = IQDot.Grid(IQDot.At(grid, Index(w, g, 0)), IQDot.At(grid, Index(w, g, 1)), IQDot.At(grid, Index(w, g, 2)), IQDot.At(grid, Index(w, g, 3))).AsSByte();
        lo = hi = 2 * ((qh >> 12) & 7) + 1;
        delta = Vector256.Create((sbyte)((qh & 0x8000) != 0 ? -1 : 1));
    }

    public static float Finish(byte* w, float dx, int sumi, int delta) => KDot.Half(w) * dx * (sumi + IQ1_SBlock.Delta * delta);
}

/// <summary>IQ1_M (IQ1_MBlock) against Q8_K, as ggml_vec_dot_iq1_m_q8_K: a scale per 16 values, a delta sign per 8.</summary>
internal readonly unsafe struct IQ1_MKind : IIQKind
{
    public static int Bytes => IQ1_MBlock.Bytes;
    public static float Factor => 1f;
    public static bool HasDelta => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ReadOnlySpan<byte> Block(byte* w) => new(w, IQ1_MBlock.Bytes);

    public static (int Sumi, int Delta) BlockScalar(byte* w, sbyte* y)
    {
        int sumi1 = 0, sumi2 = 0;
        Span<int> sum1 = stackalloc int[2], sum2 = stackalloc int[2];
        for (int g = 0; g < 8; g++)
        {
            sum1.Clear();
            sum2.Clear();
            for (int l = 0; l < 4; l++, y += 8)
            {
                ulong grid = IQGrids.IQ1S[IQ1_MBlock.Index(Block(w), g, l)];
                int lsum1 = 0, lsum2 = 0;
                for (int j = 0; j < 8; j++)
                {
                    lsum1 += y[j] * (sbyte)(grid >> (8 * j));
                    lsum2 += y[j];
                }
                sum1[l / 2] += lsum1;
                sum2[l / 2] += lsum2 * (IQ1_MBlock.Negative(Block(w), g, l) ? -1 : 1);
            }
            int ls1 = IQ1_MBlock.Scale(Block(w), g, 0), ls2 = IQ1_MBlock.Scale(Block(w), g, 1);
            sumi1 += sum1[0] * ls1 + sum1[1] * ls2;
            sumi2 += sum2[0] * ls1 + sum2[1] * ls2;
        }
        return (sumi1, sumi2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong DeltaBytes(byte* w, int g, int l) => IQ1_MBlock.Negative(Block(w), g, l) ? ulong.MaxValue : 0x0101010101010101UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Group(byte* w, int g, out Vector256<byte> magnitudes, out Vector256<sbyte> signs, out int lo, out int hi, out Vector256<sbyte> delta)
    {
        var grid = IQGrids.IQ1S;
        var b = Block(w);
        magnitudes = Vector256.Create((byte)1);
        signs = IQDot.Grid(IQDot.At(grid, IQ1_MBlock.Index(b, g, 0)), IQDot.At(grid, IQ1_MBlock.Index(b, g, 1)), IQDot.At(grid, IQ1_MBlock.Index(b, g, 2)), IQDot.At(grid, IQ1_MBlock.Index(b, g, 3))).AsSByte();
        lo = IQ1_MBlock.Scale(b, g, 0);
        hi = IQ1_MBlock.Scale(b, g, 1);
        delta = Vector256.Create(DeltaBytes(w, g, 0), DeltaBytes(w, g, 1), DeltaBytes(w, g, 2), DeltaBytes(w, g, 3)).AsSByte();
    }

    public static float Finish(byte* w, float dx, int sumi, int delta) =>
        HalfBits.F16ToF32[IQ1_MBlock.DBits(Block(w))] * dx * (sumi + IQ1_SBlock.Delta * delta);
}
