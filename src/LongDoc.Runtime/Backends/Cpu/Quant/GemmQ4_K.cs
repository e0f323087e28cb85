using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// Prefill GEMM of Q4_K weights with Q8_K activations (AVX-VNNI): 8 weight rows are unpacked once into a tile in L1
/// in which the int32 lanes of a vector are the 8 rows, then every token is multiplied with the tile, 4 tokens per
/// pass. A sub-block (32 values) of 8 rows is 8 <c>vpdpbusd</c> against a token's 4 values broadcast, and its scale
/// is one <c>vpmulld</c> of 8 rows' scales; the mins term is 8 <c>vpdpwssd</c> per block against the Q8_K bsums.
/// (Rows in lanes is the idea of llama.cpp's repacked q4_K_8x8 GEMM; here the tile is built per call from the stored
/// rows, so the 1-token path and the mapped file stay as they are.)
/// Each result is <see cref="DotQ4_K.Scalar"/>'s bit for bit: the same exact int32 block sums, then the same f32
/// steps per block in block order, lane r doing row r's.
/// Tile layout per 256-value block (<see cref="BlockBytes"/> bytes): qs [8 sub-blocks j][8 groups g][8 rows r][4]
/// (u8 0..15, values 32j + 4g .. 32j + 4g + 3 of row r), scales [j][r] int32, mins [j][r] as an int16 pair (m, m),
/// d [r] f32, dmin [r] f32.
/// </summary>
internal static unsafe class GemmQ4_K
{
    /// <summary>Rows per tile (the int32 lanes of a 256-bit vector), for this and <see cref="GemmQ6_K"/>.</summary>
    public const int Rows = 8;
    const int QsBytes = 8 * 8 * 32;
    const int ScalesOffset = QsBytes;
    const int MinsOffset = ScalesOffset + 8 * 32;
    const int DOffset = MinsOffset + 8 * 32;
    const int DminOffset = DOffset + 32;
    public const int BlockBytes = DminOffset + 32;

    public static bool IsSupported => AvxVnni.IsSupported;

    /// <summary>8 stored Q4_K rows (<paramref name="w"/>, <paramref name="rowBytes"/> apart) of <paramref name="cols"/>
    /// values into <paramref name="tile"/>.</summary>
    public static void Pack(byte* w, long rowBytes, int cols, byte* tile)
    {
        // A gather at these offsets is a column of the (rows, bytes) matrix, rows in the lanes.
        var rowsAt = TileTranspose.RowOffsets(rowBytes);
        fixed (float* f16 = HalfBits.F16ToF32)
            for (int b = 0; b < cols / Q4_KBlock.Elements; b++, w += Q4_KBlock.Bytes, tile += BlockBytes)
            {
                ScalesMins(w, rowsAt, f16, tile);
                for (int c = 0; c < 4; c++)
                {
                    // The packed bytes are transposed once and split into nibbles after (byte-local), for sub-blocks 2c and 2c + 1.
                    TileTranspose.Load8(w + Q4_KBlock.QsOffset + 32 * c, rowBytes, out var c0, out var c1, out var c2, out var c3, out var c4, out var c5, out var c6, out var c7);
                    byte* lo = tile + 2 * c * 256;
                    Split(c0, lo, 0); Split(c1, lo, 1); Split(c2, lo, 2); Split(c3, lo, 3);
                    Split(c4, lo, 4); Split(c5, lo, 5); Split(c6, lo, 6); Split(c7, lo, 7);
                }
            }
    }

    /// <summary>Column i of packed nibbles: low nibbles to sub-block 2c (<paramref name="lo"/>), high to 2c + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Split(Vector256<byte> column, byte* lo, int i)
    {
        (column & Vector256.Create((byte)0xF)).Store(lo + 32 * i);
        KDot.HighNibbles(column).Store(lo + 256 + 32 * i);
    }

    /// <summary>
    /// One block's scales, mins, d and dmin of the 8 rows into the tile: KDot.UnpackScaleMinK4's mask-and-shift steps on
    /// the 8 rows' three header words at once (rows in lanes, gathered), then each byte to its own vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void ScalesMins(byte* block, Vector256<int> rowsAt, float* f16, byte* tile)
    {
        var low6 = Vector256.Create(0x3f3f3f3fu);
        var low4 = Vector256.Create(0x0f0f0f0fu);
        var low2 = Vector256.Create(0x03030303u);
        var a0 = Avx2.GatherVector256((int*)(block + Q4_KBlock.ScalesOffset), rowsAt, 1).AsUInt32();
        var a1 = Avx2.GatherVector256((int*)(block + Q4_KBlock.ScalesOffset + 4), rowsAt, 1).AsUInt32();
        var a2 = Avx2.GatherVector256((int*)(block + Q4_KBlock.ScalesOffset + 8), rowsAt, 1).AsUInt32();
        var scales = (a0 & low6, (a2 & low4) | (((a0 >> 6) & low2) << 4));
        var mins = (a1 & low6, ((a2 >> 4) & low4) | (((a1 >> 6) & low2) << 4));
        var bytes = Vector256.Create(0xFFu);
        for (int j = 0; j < 8; j++)
        {
            int shift = 8 * (j % 4);
            var sc = ((j < 4 ? scales.Item1 : scales.Item2) >> shift) & bytes;
            var m = ((j < 4 ? mins.Item1 : mins.Item2) >> shift) & bytes;
            sc.Store((uint*)(tile + ScalesOffset) + 8 * j);
            (m | (m << 16)).Store((uint*)(tile + MinsOffset) + 8 * j);
        }
        var dd = Avx2.GatherVector256((int*)block, rowsAt, 1);
        Avx2.GatherVector256(f16, dd & Vector256.Create(0xFFFF), 4).Store((float*)(tile + DOffset));
        Avx2.GatherVector256(f16, (dd.AsUInt32() >> 16).AsInt32(), 4).Store((float*)(tile + DminOffset));
    }

    /// <summary>The reference of <see cref="Pack"/>: the same tile, one value at a time.</summary>
    public static void PackScalar(byte* w, long rowBytes, int cols, byte* tile)
    {
        for (int b = 0; b < cols / Q4_KBlock.Elements; b++, tile += BlockBytes)
            for (int r = 0; r < Rows; r++)
            {
                byte* block = w + r * rowBytes + b * Q4_KBlock.Bytes;
                var (scales, mins) = KDot.UnpackScaleMinK4(block + Q4_KBlock.ScalesOffset);
                ((float*)(tile + DOffset))[r] = KDot.Half(block);
                ((float*)(tile + DminOffset))[r] = KDot.Half(block + 2);
                for (int j = 0; j < 8; j++)
                {
                    int m = (int)((mins >> (8 * j)) & 0xFF);
                    ((int*)(tile + ScalesOffset))[8 * j + r] = (int)((scales >> (8 * j)) & 0xFF);
                    ((int*)(tile + MinsOffset))[8 * j + r] = m | (m << 16);
                    for (int i = 0; i < 32; i++)
                    {
                        byte q = block[Q4_KBlock.QsOffset + 32 * (j / 2) + i];
                        tile[256 * j + 32 * (i / 4) + 4 * r + i % 4] = (byte)(j % 2 == 0 ? q & 0xF : q >> 4);
                    }
                }
            }
    }

    /// <summary>
    /// y[k * yStride + r] = row r of the tile dotted with token k's Q8_K row (x + k * xStride), k &lt; 4, r &lt; 8.
    /// </summary>
    public static void Tile(byte* tile, int cols, byte* x, long xStride, float* y, long yStride)
    {
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
        for (int b = 0; b < cols / Q4_KBlock.Elements; b++, tile += BlockBytes, x += Q8_KBlock.Bytes)
        {
            byte* x0 = x + Q8_KBlock.QsOffset, x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
            Vector256<int> i0 = default, i1 = default, i2 = default, i3 = default;
            for (int j = 0; j < 8; j++, x0 += 32, x1 += 32, x2 += 32, x3 += 32)
            {
                byte* wj = tile + 256 * j;
                Vector256<int> p0 = default, p1 = default, p2 = default, p3 = default;
                TileTranspose.Group(ref p0, ref p1, ref p2, ref p3, wj, x0, x1, x2, x3, 0);
                TileTranspose.Group(ref p0, ref p1, ref p2, ref p3, wj, x0, x1, x2, x3, 1);
                TileTranspose.Group(ref p0, ref p1, ref p2, ref p3, wj, x0, x1, x2, x3, 2);
                TileTranspose.Group(ref p0, ref p1, ref p2, ref p3, wj, x0, x1, x2, x3, 3);
                TileTranspose.Group(ref p0, ref p1, ref p2, ref p3, wj, x0, x1, x2, x3, 4);
                TileTranspose.Group(ref p0, ref p1, ref p2, ref p3, wj, x0, x1, x2, x3, 5);
                TileTranspose.Group(ref p0, ref p1, ref p2, ref p3, wj, x0, x1, x2, x3, 6);
                TileTranspose.Group(ref p0, ref p1, ref p2, ref p3, wj, x0, x1, x2, x3, 7);
                var sc = Vector256.Load((int*)(tile + ScalesOffset) + 8 * j);
                i0 += Avx2.MultiplyLow(p0, sc); i1 += Avx2.MultiplyLow(p1, sc);
                i2 += Avx2.MultiplyLow(p2, sc); i3 += Avx2.MultiplyLow(p3, sc);
            }
            s0 = Finish(s0, tile, x, i0, Mins(tile, x));
            s1 = Finish(s1, tile, x + xStride, i1, Mins(tile, x + xStride));
            s2 = Finish(s2, tile, x + 2 * xStride, i2, Mins(tile, x + 2 * xStride));
            s3 = Finish(s3, tile, x + 3 * xStride, i3, Mins(tile, x + 3 * xStride));
        }
        s0.Store(y); s1.Store(y + yStride); s2.Store(y + 2 * yStride); s3.Store(y + 3 * yStride);
    }

    /// <summary>
    /// <see cref="Tile"/> for one token (the tokens past a multiple of 4): y[r] = row r of the tile dotted with x.
    /// </summary>
    public static void TileOne(byte* tile, int cols, byte* x, float* y)
    {
        Vector256<float> s = default;
        for (int b = 0; b < cols / Q4_KBlock.Elements; b++, tile += BlockBytes, x += Q8_KBlock.Bytes)
        {
            byte* x0 = x + Q8_KBlock.QsOffset;
            Vector256<int> i = default;
            for (int j = 0; j < 8; j++, x0 += 32)
            {
                byte* wj = tile + 256 * j;
                // Two chains of 4, so the next vpdpbusd need not wait for the last.
                Vector256<int> p = default, q = default;
                for (int g = 0; g < 8; g += 2)
                {
                    p = AvxVnni.MultiplyWideningAndAdd(p, Vector256.Load(wj + 32 * g), Vector256.Create(*(int*)(x0 + 4 * g)).AsSByte());
                    q = AvxVnni.MultiplyWideningAndAdd(q, Vector256.Load(wj + 32 * g + 32), Vector256.Create(*(int*)(x0 + 4 * g + 4)).AsSByte());
                }
                i += Avx2.MultiplyLow(p + q, Vector256.Load((int*)(tile + ScalesOffset) + 8 * j));
            }
            s = Finish(s, tile, x, i, Mins(tile, x));
        }
        s.Store(y);
    }

    /// <summary>Lane r: sum_j mins[r][j] * (bsums[2j] + bsums[2j + 1]) of one token's Q8_K block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> Mins(byte* tile, byte* x)
    {
        short* mins = (short*)(tile + MinsOffset);
        int* bsums = (int*)(x + Q8_KBlock.BsumsOffset);
        var m = Vector256<int>.Zero;
        for (int j = 0; j < 8; j++) m = AvxVnni.MultiplyWideningAndAdd(m, Vector256.Load(mins + 16 * j), Vector256.Create(bsums[j]).AsInt16());
        return m;
    }

    /// <summary>DotQ4_K.Finish for 8 rows as lanes: s + ((d * dx) * sumi - (dmin * dx) * sumMins), the same f32 steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Finish(Vector256<float> s, byte* tile, byte* x, Vector256<int> sumi, Vector256<int> sumMins)
    {
        var dx = Vector256.Create(*(float*)x);
        return s + (Vector256.Load((float*)(tile + DOffset)) * dx * Vector256.ConvertToSingle(sumi)
            - Vector256.Load((float*)(tile + DminOffset)) * dx * Vector256.ConvertToSingle(sumMins));
    }

    /// <summary>The reference of <see cref="Tile"/> (<paramref name="tokens"/> = 4) and <see cref="TileOne"/> (1): the same
    /// sums from the tile, one value at a time.</summary>
    public static void TileScalar(byte* tile, int cols, byte* x, long xStride, float* y, long yStride, int tokens)
    {
        for (int k = 0; k < tokens; k++)
            for (int r = 0; r < Rows; r++)
            {
                float s = 0;
                byte* t = tile, xk = x + k * xStride;
                for (int b = 0; b < cols / Q4_KBlock.Elements; b++, t += BlockBytes, xk += Q8_KBlock.Bytes)
                {
                    sbyte* q8 = (sbyte*)(xk + Q8_KBlock.QsOffset);
                    short* bsums = (short*)(xk + Q8_KBlock.BsumsOffset);
                    int sumi = 0, sumMins = 0;
                    for (int j = 0; j < 8; j++)
                    {
                        int p = 0;
                        for (int i = 0; i < 32; i++) p += t[256 * j + 32 * (i / 4) + 4 * r + i % 4] * q8[32 * j + i];
                        sumi += ((int*)(t + ScalesOffset))[8 * j + r] * p;
                        sumMins += ((short*)(t + MinsOffset))[16 * j + 2 * r] * (bsums[2 * j] + bsums[2 * j + 1]);
                    }
                    float dx = *(float*)xk;
                    s += ((float*)(t + DOffset))[r] * dx * sumi - ((float*)(t + DminOffset))[r] * dx * sumMins;
                }
                y[k * yStride + r] = s;
            }
    }
}
