using System.Runtime.InteropServices;
using LongDoc.Runtime.Backends.Cpu.Quant;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Backends.Cpu.Quant;

/// <summary>
/// The prefill GEMMs of quantized weights (<see cref="GemmQ4_K"/>, <see cref="GemmQ6_K"/>): the packed tile against
/// the one-value-at-a-time packing, and 8 rows x 4 tokens (and x 1 token) against the tile's scalar reference and the
/// type's scalar dot on the stored rows, bit for bit, on random rows and extreme blocks (every byte 0xFF, 0x00, 0x80,
/// 0x7F; f16 scales 1 and 65504; activations all -128, all 127, alternating). The vector forms are skipped where the
/// CPU has no AVX-VNNI.
/// </summary>
public sealed unsafe class QuantGemmTests
{
    const int Blocks = 10, Cols = Blocks * 256;

    delegate void PackFn(byte* w, long rowBytes, int cols, byte* tile);
    delegate void TileFn(byte* tile, int cols, byte* x, long xStride, float* y, long yStride);
    delegate void OneFn(byte* tile, int cols, byte* x, float* y);
    delegate void TileScalarFn(byte* tile, int cols, byte* x, long xStride, float* y, long yStride, int tokens);
    delegate float DotFn(byte* w, byte* x, int n);

    static readonly Dictionary<GgmlType, (PackFn Pack, PackFn PackScalar, TileFn Tile, OneFn One, TileScalarFn TileScalar, DotFn Dot, int BlockBytes, int[] Halves)> Kernels = new()
    {
        [GgmlType.Q4_K] = (GemmQ4_K.Pack, GemmQ4_K.PackScalar, GemmQ4_K.Tile, GemmQ4_K.TileOne, GemmQ4_K.TileScalar, DotQ4_K.Scalar, GemmQ4_K.BlockBytes, [0, 2]),
        [GgmlType.Q6_K] = (GemmQ6_K.Pack, GemmQ6_K.PackScalar, GemmQ6_K.Tile, GemmQ6_K.TileOne, GemmQ6_K.TileScalar, DotQ6_K.Scalar, GemmQ6_K.BlockBytes, [Q6_KBlock.DOffset]),
    };

    public static TheoryData<GgmlType> Types() => [.. Kernels.Keys];

    /// <summary>8 rows, stride <paramref name="rowBytes"/>: random rows and extreme ones in turn.</summary>
    static byte[] EightRows(GgmlType type, long rowBytes, int seed)
    {
        var rows = new byte[8 * rowBytes];
        for (int r = 0; r < 8; r++)
        {
            var row = r % 3 == 0 ? QuantData.Weights(type, Cols, seed + r).Bytes
                : VnniDotTests.ExtremeRow(type, Blocks, Kernels[type].Halves, r % 3 == 1 ? 1f : 65504f, seed + r);
            row.CopyTo(rows.AsSpan((int)(r * rowBytes)));
        }
        return rows;
    }

    static IEnumerable<byte[]> Activations() =>
    [
        VnniDotTests.QuantizeActivations(QuantData.Activations(4 * Cols, seed: 5)),
        VnniDotTests.ExtremeQ8_K(Cols, 4, 0, -128),
        VnniDotTests.ExtremeQ8_K(Cols, 4, 2, -128),
    ];

    static byte* AlignedTile(GgmlType type) => (byte*)NativeMemory.AlignedAlloc((nuint)(Blocks * Kernels[type].BlockBytes), 64);

    [Theory]
    [MemberData(nameof(Types))]
    public void Pack_RandomAndExtremeRows_EqualsPackScalar(GgmlType type)
    {
        if (!GemmQ4_K.IsSupported) return;
        var k = Kernels[type];
        long rowBytes = GgmlTypeInfo.RowBytes(type, Cols) + 16;   // rows of a wider matrix
        var w = EightRows(type, rowBytes, 1);
        byte* fast = AlignedTile(type), scalar = AlignedTile(type);
        try
        {
            fixed (byte* pw = w)
            {
                k.Pack(pw, rowBytes, Cols, fast);
                k.PackScalar(pw, rowBytes, Cols, scalar);
            }
            Assert.True(new Span<byte>(fast, Blocks * k.BlockBytes).SequenceEqual(new Span<byte>(scalar, Blocks * k.BlockBytes)));
        }
        finally { NativeMemory.AlignedFree(fast); NativeMemory.AlignedFree(scalar); }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void TileAndTileScalar_RandomAndExtremeBlocks_EqualScalarDotPerRow_BitForBit(GgmlType type)
    {
        var k = Kernels[type];
        long rowBytes = GgmlTypeInfo.RowBytes(type, Cols);
        long xStride = (long)Blocks * Q8_KBlock.Bytes;
        var w = EightRows(type, rowBytes, 2);
        byte* tile = AlignedTile(type);
        const int yStride = 11;   // y rows of a wider matrix
        var y = new float[4 * yStride];
        var yScalar = new float[4 * yStride];
        try
        {
            fixed (byte* pw = w)
            {
                k.PackScalar(pw, rowBytes, Cols, tile);
                foreach (var x in Activations())
                    fixed (byte* px = x) fixed (float* py = y) fixed (float* ps = yScalar)
                    {
                        k.TileScalar(tile, Cols, px, xStride, ps, yStride, 4);
                        if (GemmQ4_K.IsSupported) k.Tile(tile, Cols, px, xStride, py, yStride);
                        for (int t = 0; t < 4; t++)
                            for (int r = 0; r < 8; r++)
                            {
                                float expected = k.Dot(pw + r * rowBytes, px + t * xStride, Cols);
                                Assert.True(expected == ps[t * yStride + r], $"{type} token {t} row {r}: scalar dot {expected}, TileScalar {ps[t * yStride + r]}");
                                if (GemmQ4_K.IsSupported)
                                    Assert.True(expected == py[t * yStride + r], $"{type} token {t} row {r}: scalar dot {expected}, Tile {py[t * yStride + r]}");
                            }
                    }
            }
        }
        finally { NativeMemory.AlignedFree(tile); }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void TileOneAndTileScalar_OneToken_EqualScalarDotPerRow_BitForBit(GgmlType type)
    {
        var k = Kernels[type];
        long rowBytes = GgmlTypeInfo.RowBytes(type, Cols);
        var w = EightRows(type, rowBytes, 3);
        byte* tile = AlignedTile(type);
        var y = new float[8];
        var yScalar = new float[8];
        try
        {
            fixed (byte* pw = w)
            {
                k.PackScalar(pw, rowBytes, Cols, tile);
                foreach (var x in Activations())
                    fixed (byte* px = x) fixed (float* py = y) fixed (float* ps = yScalar)
                        for (int t = 0; t < 4; t++)
                        {
                            byte* xt = px + t * (long)Blocks * Q8_KBlock.Bytes;
                            k.TileScalar(tile, Cols, xt, 0, ps, 0, 1);
                            if (GemmQ4_K.IsSupported) k.One(tile, Cols, xt, py);
                            for (int r = 0; r < 8; r++)
                            {
                                float expected = k.Dot(pw + r * rowBytes, xt, Cols);
                                Assert.True(expected == ps[r], $"{type} token {t} row {r}: scalar dot {expected}, TileScalar {ps[r]}");
                                if (GemmQ4_K.IsSupported) Assert.True(expected == py[r], $"{type} token {t} row {r}: scalar dot {expected}, TileOne {py[r]}");
                            }
                        }
            }
        }
        finally { NativeMemory.AlignedFree(tile); }
    }
}
