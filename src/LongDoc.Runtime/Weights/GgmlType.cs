namespace LongDoc.Runtime.Weights;

/// <summary>ggml tensor types, numbered as in ggml.h (the numbers are stored in GGUF files).</summary>
public enum GgmlType : uint
{
    F32 = 0, F16 = 1, Q4_0 = 2, Q4_1 = 3, Q5_0 = 6, Q5_1 = 7, Q8_0 = 8, Q8_1 = 9,
    Q2_K = 10, Q3_K = 11, Q4_K = 12, Q5_K = 13, Q6_K = 14, Q8_K = 15,
    IQ2_XXS = 16, IQ2_XS = 17, IQ3_XXS = 18, IQ1_S = 19, IQ4_NL = 20, IQ3_S = 21, IQ2_S = 22, IQ4_XS = 23, IQ1_M = 29, BF16 = 30,
}

/// <summary>Block geometry per type: a row of n elements takes n / BlockElements * BlockBytes bytes.</summary>
public static class GgmlTypeInfo
{
    // (elements per block, bytes per block), from ggml's type traits.
    static readonly Dictionary<GgmlType, (int Elements, int Bytes)> Blocks = new()
    {
        [GgmlType.F32] = (1, 4),
        [GgmlType.F16] = (1, 2),
        [GgmlType.BF16] = (1, 2),
        [GgmlType.Q4_0] = (32, 18),
        [GgmlType.Q4_1] = (32, 20),
        [GgmlType.Q5_0] = (32, 22),
        [GgmlType.Q5_1] = (32, 24),
        [GgmlType.Q8_0] = (32, 34),
        [GgmlType.Q8_1] = (32, 36),
        [GgmlType.Q2_K] = (256, 84),
        [GgmlType.Q3_K] = (256, 110),
        [GgmlType.Q4_K] = (256, 144),
        [GgmlType.Q5_K] = (256, 176),
        [GgmlType.Q6_K] = (256, 210),
        [GgmlType.Q8_K] = (256, 292),
        [GgmlType.IQ4_NL] = (32, 18),
        [GgmlType.IQ4_XS] = (256, 136),
        [GgmlType.IQ2_XXS] = (256, 66),
        [GgmlType.IQ2_XS] = (256, 74),
        [GgmlType.IQ3_XXS] = (256, 98),
        [GgmlType.IQ1_S] = (256, 50),
        [GgmlType.IQ3_S] = (256, 110),
        [GgmlType.IQ2_S] = (256, 82),
        [GgmlType.IQ1_M] = (256, 56),
    };

    public static bool IsKnown(GgmlType type) => Blocks.ContainsKey(type);
    public static int BlockElements(GgmlType type) => Blocks[type].Elements;
    public static int BlockBytes(GgmlType type) => Blocks[type].Bytes;

    /// <summary>Storage bits per value, scales included (Q4_K 4.5, IQ4_XS 4.25, Q2_K 2.625).</summary>
    public static double BitsPerWeight(GgmlType type) => Blocks[type].Bytes * 8.0 / Blocks[type].Elements;

    /// <summary>Bytes of one row of <paramref name="elements"/> values; throws when the row is not whole blocks.</summary>
    public static long RowBytes(GgmlType type, long elements)
    {
        var (n, bytes) = Blocks[type];
        if (elements % n != 0) throw new ArgumentException($"{type} rows hold whole blocks of {n}; got {elements} elements");
        return checked(elements / n * bytes);
    }
}
