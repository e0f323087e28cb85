using static LongDoc.Runtime.Backends.Cuda.Simulated.Kernels.HalfBits;

namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>
/// kernels/weight_tiles.cuh: the tensor-core tile shapes (64 x 64 outputs, k-steps of 32) and the weight decoders that
/// widen 8 consecutive values k0 .. k0+7 (k0 % 8 == 0) of a stored row to bf16 (bf16 and f16 with a 16-byte load).
/// </summary>
public static class WeightTiles
{
    public const int Bm = 64, Bn = 64, Bk = 32;

    /// <summary>Writes 8 bf16 values of <paramref name="row"/> from <paramref name="k0"/> into <paramref name="output"/>.</summary>
    public delegate void Load8(DevicePtr<byte> row, int k0, Span<ushort> output);

    /// <summary>Decoder by entry-point suffix.</summary>
    public static readonly IReadOnlyDictionary<string, Load8> Decoders = new Dictionary<string, Load8>
    {
        ["bf16"] = LoadBf16,
        ["f16"] = LoadF16,
        ["q8_0"] = LoadQ8_0,
        ["q4_k"] = LoadQ4_K,
    };

    static void LoadBf16(DevicePtr<byte> row, int k0, Span<ushort> output)
    {
        row.Vector(2L * k0, 16);
        var p = row.Plus(2L * k0).As<ushort>();
        for (int e = 0; e < 8; e++) output[e] = p[e];
    }

    static void LoadF16(DevicePtr<byte> row, int k0, Span<ushort> output)
    {
        row.Vector(2L * k0, 16);
        var p = row.Plus(2L * k0).As<ushort>();
        for (int e = 0; e < 8; e++) output[e] = Bf16FromF32(F16ToF32(p[e]));
    }

    static void LoadQ8_0(DevicePtr<byte> row, int k0, Span<ushort> output)
    {
        var b = row.Plus((long)(k0 / 32) * 34);
        float d = F16ToF32(LdU16(b, 0));
        var qs = b.Plus(2 + k0 % 32).As<sbyte>();
        for (int e = 0; e < 8; e++) output[e] = Bf16FromF32(d * qs[e]);
    }

    static void LoadQ4_K(DevicePtr<byte> row, int k0, Span<ushort> output)
    {
        var b = row.Plus((long)(k0 / 256) * 144);
        int j = k0 % 256 / 32, l0 = k0 % 32;
        var (s, m) = ScaleMinK4(b.Plus(4), j);
        float d = F16ToF32(LdU16(b, 0)) * s, mn = F16ToF32(LdU16(b, 2)) * m;
        var qs = b.Plus(16 + 32 * (j / 2) + l0);
        int shift = 4 * (j & 1);
        for (int e = 0; e < 8; e++) output[e] = Bf16FromF32(d * ((qs[e] >> shift) & 0xF) - mn);
    }

    /// <summary>get_scale_min_k4: the 6-bit scale and min of Q4_K sub-block <paramref name="j"/> from the 12 packed bytes.</summary>
    public static (int Scale, int Min) ScaleMinK4(DevicePtr<byte> sc, int j) => j < 4
        ? (sc[j] & 63, sc[j + 4] & 63)
        : ((sc[j + 4] & 0xF) | ((sc[j - 4] >> 6) << 4), (sc[j + 4] >> 4) | ((sc[j] >> 6) << 4));
}
