using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;
using static LongDoc.Runtime.Backends.Cuda.Simulated.Kernels.HalfBits;

namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>
/// kernels/weight_tiles.cuh: the tensor-core tile shapes (64 x 64 outputs, k-steps of 32) and the weight decoders that
/// widen 8 consecutive values k0 .. k0+7 (k0 % 8 == 0) of a stored row to bf16 (bf16 and f16 with a 16-byte load; the
/// quantized types through their block decoder, <see cref="Block"/>).
/// </summary>
public static class WeightTiles
{
    public const int Bm = 64, Bn = 64, Bk = 32;

    /// <summary>Writes 8 bf16 values of <paramref name="row"/> from <paramref name="k0"/> into <paramref name="output"/>.</summary>
    public delegate void Load8(DevicePtr<byte> row, int k0, Span<ushort> output);

    /// <summary>Decoder by entry-point suffix: the 16-bit floats, then every type of kernels/quant_blocks.cuh.</summary>
    public static readonly IReadOnlyDictionary<string, Load8> Decoders = new Dictionary<string, Load8>
    {
        ["bf16"] = LoadBf16,
        ["f16"] = LoadF16,
    }.Concat(KernelTypes.BlockWeightTypes.Select(t => KeyValuePair.Create(KernelTypes.WeightSuffix(t), (Load8)((row, k0, o) => LoadBlock(t, row, k0, o)))))
     .ToDictionary();

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

    static void LoadBlock(GgmlType type, DevicePtr<byte> row, int k0, Span<ushort> output)
    {
        Span<float> f = stackalloc float[8];
        Block(type, row, k0, f);
        for (int e = 0; e < 8; e++) output[e] = Bf16FromF32(f[e]);
    }

    /// <summary>
    /// quant_blocks.cuh's row_decode8: values k0 .. k0 + count - 1 (within one block) of a row of <paramref name="type"/>
    /// blocks, decoded by the CPU's decoder of that type (<see cref="RowDecoder"/>) from the block the kernel reads, so
    /// a block the launcher's row or offset misplaces reads other values (or faults) here too.
    /// </summary>
    public static void Block(GgmlType type, DevicePtr<byte> row, int k0, Span<float> output)
    {
        int values = GgmlTypeInfo.BlockElements(type), bytes = GgmlTypeInfo.BlockBytes(type);
        Span<float> block = stackalloc float[values];
        RowDecoder.ToSingle(type, row.Span((long)(k0 / values) * bytes, bytes), block);
        block.Slice(k0 % values, output.Length).CopyTo(output);
    }
}
