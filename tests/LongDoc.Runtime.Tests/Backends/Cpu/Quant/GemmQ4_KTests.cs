using System.Runtime.InteropServices;
using LongDoc.Runtime.Backends.Cpu.Quant;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Backends.Cpu.Quant;

/// <summary>
/// The Q4_K prefill GEMM (<see cref="GemmQ4_K"/>): its packed tile against the one-value-at-a-time packing, and its
/// 8 rows x 4 tokens against the tile's scalar reference and <see cref="DotQ4_K.Scalar"/> on the stored rows, bit for
/// bit, on random rows and extreme blocks (every byte 0xFF, 0x00, 0x80, 0x7F; f16 scales 1 and 65504; activations
/// all -128, all 127, alternating). The vector forms return at once where the CPU has no AVX-VNNI.
/// </summary>
public sealed unsafe class GemmQ4_KTests
{
    const int Blocks = 10, Cols = Blocks * 256;

    /// <summary>8 rows, stride <paramref name="rowBytes"/> (wider than a row, as a matrix slice might be): random rows
    /// and extreme ones in turn.</summary>
    static byte[] EightRows(long rowBytes, int seed)
    {
        var rows = new byte[8 * rowBytes];
        for (int r = 0; r < 8; r++)
        {
            var row = r % 3 == 0 ? QuantData.Weights(GgmlType.Q4_K, Cols, seed + r).Bytes
                : VnniDotTests.ExtremeRow(GgmlType.Q4_K, Blocks, [0, 2], r % 3 == 1 ? 1f : 65504f, seed + r);
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

    static byte* AlignedTile() => (byte*)NativeMemory.AlignedAlloc((nuint)GemmQ4_K.TileBytes(Cols), 64);

    [Fact]
    public void Pack_RandomAndExtremeRows_EqualsPackScalar()
    {
        if (!GemmQ4_K.IsSupported) return;
        long rowBytes = GgmlTypeInfo.RowBytes(GgmlType.Q4_K, Cols) + 16;
        var w = EightRows(rowBytes, 1);
        byte* fast = AlignedTile(), scalar = AlignedTile();
        try
        {
            fixed (byte* pw = w)
            {
                GemmQ4_K.Pack(pw, rowBytes, Cols, fast);
                GemmQ4_K.PackScalar(pw, rowBytes, Cols, scalar);
            }
            Assert.True(new Span<byte>(fast, GemmQ4_K.TileBytes(Cols)).SequenceEqual(new Span<byte>(scalar, GemmQ4_K.TileBytes(Cols))));
        }
        finally { NativeMemory.AlignedFree(fast); NativeMemory.AlignedFree(scalar); }
    }

    [Fact]
    public void TileAndTileScalar_RandomAndExtremeBlocks_EqualDotQ4_KScalarPerRow_BitForBit()
    {
        long rowBytes = GgmlTypeInfo.RowBytes(GgmlType.Q4_K, Cols);
        long xStride = (long)Blocks * Q8_KBlock.Bytes;
        var w = EightRows(rowBytes, 2);
        byte* tile = AlignedTile();
        const int yStride = 11;   // y rows of a wider matrix
        var y = new float[4 * yStride];
        var yScalar = new float[4 * yStride];
        try
        {
            fixed (byte* pw = w)
            {
                GemmQ4_K.PackScalar(pw, rowBytes, Cols, tile);
                foreach (var x in Activations())
                    fixed (byte* px = x) fixed (float* py = y) fixed (float* ps = yScalar)
                    {
                        GemmQ4_K.TileScalar(tile, Cols, px, xStride, ps, yStride, 4);
                        if (GemmQ4_K.IsSupported) GemmQ4_K.Tile(tile, Cols, px, xStride, py, yStride);
                        for (int k = 0; k < 4; k++)
                            for (int r = 0; r < 8; r++)
                            {
                                float expected = DotQ4_K.Scalar(pw + r * rowBytes, px + k * xStride, Cols);
                                Assert.True(expected == ps[k * yStride + r], $"token {k} row {r}: DotQ4_K.Scalar {expected}, TileScalar {ps[k * yStride + r]}");
                                if (GemmQ4_K.IsSupported)
                                    Assert.True(expected == py[k * yStride + r], $"token {k} row {r}: DotQ4_K.Scalar {expected}, Tile {py[k * yStride + r]}");
                            }
                    }
            }
        }
        finally { NativeMemory.AlignedFree(tile); }
    }

    [Fact]
    public void TileOneAndTileScalar_OneToken_EqualDotQ4_KScalarPerRow_BitForBit()
    {
        long rowBytes = GgmlTypeInfo.RowBytes(GgmlType.Q4_K, Cols);
        var w = EightRows(rowBytes, 3);
        byte* tile = AlignedTile();
        var y = new float[8];
        var yScalar = new float[8];
        try
        {
            fixed (byte* pw = w)
            {
                GemmQ4_K.PackScalar(pw, rowBytes, Cols, tile);
                foreach (var x in Activations())
                    fixed (byte* px = x) fixed (float* py = y) fixed (float* ps = yScalar)
                        for (int k = 0; k < 4; k++)
                        {
                            byte* xk = px + k * (long)Blocks * Q8_KBlock.Bytes;
                            GemmQ4_K.TileScalar(tile, Cols, xk, 0, ps, 0, 1);
                            if (GemmQ4_K.IsSupported) GemmQ4_K.TileOne(tile, Cols, xk, py);
                            for (int r = 0; r < 8; r++)
                            {
                                float expected = DotQ4_K.Scalar(pw + r * rowBytes, xk, Cols);
                                Assert.True(expected == ps[r], $"token {k} row {r}: DotQ4_K.Scalar {expected}, TileScalar {ps[r]}");
                                if (GemmQ4_K.IsSupported) Assert.True(expected == py[r], $"token {k} row {r}: DotQ4_K.Scalar {expected}, TileOne {py[r]}");
                            }
                        }
            }
        }
        finally { NativeMemory.AlignedFree(tile); }
    }
}
