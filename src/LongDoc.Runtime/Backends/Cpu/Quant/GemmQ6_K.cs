using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// Prefill GEMM of Q6_K weights with Q8_K activations (AVX-VNNI), as <see cref="GemmQ4_K"/>: 8 rows unpacked once per
/// call into a tile with the rows in the int32 lanes, then 4 tokens per pass. A 16-value sub-block of 8 rows is 4
/// <c>vpdpbusd</c> of the unsigned 6-bit values against a token's 4 values broadcast, times its int8 scales (one
/// <c>vpmulld</c>); the -32 offset is 32 * sum_j sc_j * bsums_j, 8 <c>vpdpwssd</c> per block (as DotQ6_K).
/// Each result is <see cref="DotQ6_K.Scalar"/>'s bit for bit: the same exact int32 block sum, then the same f32 step.
/// Tile layout per 256-value block (<see cref="BlockBytes"/> bytes): qs [8 groups of 32 j][8 groups of 4 g][8 rows r][4]
/// (u8 0..63), scales [16][r] int32, scale pairs [8][r] as int16 (sc_2k, sc_2k+1), d [r] f32.
/// </summary>
internal static unsafe class GemmQ6_K
{
    const int QsBytes = 8 * 8 * 32;
    const int ScalesOffset = QsBytes;
    const int PairsOffset = ScalesOffset + 16 * 32;
    const int DOffset = PairsOffset + 8 * 32;
    public const int BlockBytes = DOffset + 32;

    public static void Pack(byte* w, long rowBytes, int cols, byte* tile)
    {
        var rowsAt = TileTranspose.RowOffsets(rowBytes);
        fixed (float* f16 = HalfBits.F16ToF32)
            for (int b = 0; b < cols / Q6_KBlock.Elements; b++, w += Q6_KBlock.Bytes, tile += BlockBytes)
            {
                Scales(w, rowsAt, f16, tile);
                for (int h = 0; h < 2; h++)
                {
                    // ql and qh transposed as stored, the 6-bit values made after (byte-local steps, as DotQ6_K.Unpack).
                    TileTranspose.Load8(w + 64 * h, rowBytes, out var l0, out var l1, out var l2, out var l3, out var l4, out var l5, out var l6, out var l7);
                    TileTranspose.Load8(w + 64 * h + 32, rowBytes, out var m0, out var m1, out var m2, out var m3, out var m4, out var m5, out var m6, out var m7);
                    TileTranspose.Load8(w + Q6_KBlock.QhOffset + 32 * h, rowBytes, out var h0, out var h1, out var h2, out var h3, out var h4, out var h5, out var h6, out var h7);
                    byte* q = tile + 4 * h * 256;
                    Values(l0, m0, h0, q, 0); Values(l1, m1, h1, q, 1); Values(l2, m2, h2, q, 2); Values(l3, m3, h3, q, 3);
                    Values(l4, m4, h4, q, 4); Values(l5, m5, h5, q, 5); Values(l6, m6, h6, q, 6); Values(l7, m7, h7, q, 7);
                }
            }
    }

    /// <summary>Column i of ql (first and second 32 bytes of the half) and qh: the 6-bit values of the half's four
    /// 32-value groups at position group i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Values(Vector256<byte> ql0, Vector256<byte> ql1, Vector256<byte> qh, byte* q, int i)
    {
        var low4 = Vector256.Create((byte)0xF);
        var two = Vector256.Create((byte)0x30);
        ((ql0 & low4) | (KDot.ShiftLeftUnmasked(qh, 4) & two)).Store(q + 32 * i);
        ((ql1 & low4) | (KDot.ShiftLeftUnmasked(qh, 2) & two)).Store(q + 256 + 32 * i);
        (KDot.HighNibbles(ql0) | (qh & two)).Store(q + 512 + 32 * i);
        (KDot.HighNibbles(ql1) | (KDot.ShiftRightUnmasked(qh, 2) & two)).Store(q + 768 + 32 * i);
    }

    /// <summary>One block's 16 int8 scales of the 8 rows (gathered, rows in lanes) sign-extended, their pairs, and d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Scales(byte* block, Vector256<int> rowsAt, float* f16, byte* tile)
    {
        for (int k = 0; k < 4; k++)
        {
            var s = Avx2.GatherVector256((int*)(block + Q6_KBlock.ScalesOffset + 4 * k), rowsAt, 1);
            var s0 = (s << 24) >> 24;
            var s1 = (s << 16) >> 24;
            var s2 = (s << 8) >> 24;
            var s3 = s >> 24;
            s0.Store((int*)(tile + ScalesOffset) + 8 * (4 * k));
            s1.Store((int*)(tile + ScalesOffset) + 8 * (4 * k + 1));
            s2.Store((int*)(tile + ScalesOffset) + 8 * (4 * k + 2));
            s3.Store((int*)(tile + ScalesOffset) + 8 * (4 * k + 3));
            var mask = Vector256.Create(0xFFFF);
            ((s0 & mask) | (s1 << 16)).Store((int*)(tile + PairsOffset) + 8 * (2 * k));
            ((s2 & mask) | (s3 << 16)).Store((int*)(tile + PairsOffset) + 8 * (2 * k + 1));
        }
        // d is the block's last 2 bytes: gathered with the 2 before it, so no read passes the row's end.
        var d = (Avx2.GatherVector256((int*)(block + Q6_KBlock.DOffset - 2), rowsAt, 1).AsUInt32() >> 16).AsInt32();
        Avx2.GatherVector256(f16, d, 4).Store((float*)(tile + DOffset));
    }

    /// <summary>The reference of <see cref="Pack"/>: the same tile, one value at a time.</summary>
    public static void PackScalar(byte* w, long rowBytes, int cols, byte* tile)
    {
        for (int b = 0; b < cols / Q6_KBlock.Elements; b++, tile += BlockBytes)
            for (int r = 0; r < GemmQ4_K.Rows; r++)
            {
                byte* block = w + r * rowBytes + b * Q6_KBlock.Bytes;
                sbyte* sc = (sbyte*)(block + Q6_KBlock.ScalesOffset);
                ((float*)(tile + DOffset))[r] = KDot.Half(block + Q6_KBlock.DOffset);
                for (int j = 0; j < 16; j++) ((int*)(tile + ScalesOffset))[8 * j + r] = sc[j];
                for (int k = 0; k < 8; k++)
                {
                    ((short*)(tile + PairsOffset))[16 * k + 2 * r] = sc[2 * k];
                    ((short*)(tile + PairsOffset))[16 * k + 2 * r + 1] = sc[2 * k + 1];
                }
                for (int v = 0; v < Q6_KBlock.Elements; v++)
                {
                    // Value v of the block: half h, group g (32 values), l in the group (DotQ6_K.Scalar's indexing).
                    int h = v / 128, g = v % 128 / 32, l = v % 32;
                    byte* ql = block + 64 * h, qh = block + Q6_KBlock.QhOffset + 32 * h;
                    int q = ((ql[l + 32 * (g & 1)] >> (4 * (g >> 1))) & 0xF) | (((qh[l] >> (2 * g)) & 3) << 4);
                    tile[256 * (v / 32) + 32 * (v % 32 / 4) + 4 * r + v % 4] = (byte)q;
                }
            }
    }

    /// <summary>y[k * yStride + r] = row r of the tile dotted with token k's Q8_K row (x + k * xStride), k &lt; 4, r &lt; 8.</summary>
    public static void Tile(byte* tile, int cols, byte* x, long xStride, float* y, long yStride)
    {
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
        for (int b = 0; b < cols / Q6_KBlock.Elements; b++, tile += BlockBytes, x += Q8_KBlock.Bytes)
        {
            byte* x0 = x + Q8_KBlock.QsOffset, x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
            Vector256<int> i0 = default, i1 = default, i2 = default, i3 = default;
            for (int j = 0; j < 16; j++, x0 += 16, x1 += 16, x2 += 16, x3 += 16)
            {
                // Sub-block j (16 values): groups 4 (j % 2) .. 4 (j % 2) + 3 of the 32-value group j / 2.
                byte* wj = tile + 256 * (j / 2) + 128 * (j % 2);
                Vector256<int> p0 = default, p1 = default, p2 = default, p3 = default;
                TileTranspose.Group(ref p0, ref p1, ref p2, ref p3, wj, x0, x1, x2, x3, 0);
                TileTranspose.Group(ref p0, ref p1, ref p2, ref p3, wj, x0, x1, x2, x3, 1);
                TileTranspose.Group(ref p0, ref p1, ref p2, ref p3, wj, x0, x1, x2, x3, 2);
                TileTranspose.Group(ref p0, ref p1, ref p2, ref p3, wj, x0, x1, x2, x3, 3);
                var sc = Vector256.Load((int*)(tile + ScalesOffset) + 8 * j);
                i0 += Avx2.MultiplyLow(p0, sc); i1 += Avx2.MultiplyLow(p1, sc);
                i2 += Avx2.MultiplyLow(p2, sc); i3 += Avx2.MultiplyLow(p3, sc);
            }
            s0 = Finish(s0, tile, x, i0);
            s1 = Finish(s1, tile, x + xStride, i1);
            s2 = Finish(s2, tile, x + 2 * xStride, i2);
            s3 = Finish(s3, tile, x + 3 * xStride, i3);
        }
        s0.Store(y); s1.Store(y + yStride); s2.Store(y + 2 * yStride); s3.Store(y + 3 * yStride);
    }

    /// <summary><see cref="Tile"/> for one token: y[r] = row r of the tile dotted with x.</summary>
    public static void TileOne(byte* tile, int cols, byte* x, float* y)
    {
        Vector256<float> s = default;
        for (int b = 0; b < cols / Q6_KBlock.Elements; b++, tile += BlockBytes, x += Q8_KBlock.Bytes)
        {
            byte* x0 = x + Q8_KBlock.QsOffset;
            Vector256<int> i = default;
            for (int j = 0; j < 16; j++, x0 += 16)
            {
                byte* wj = tile + 256 * (j / 2) + 128 * (j % 2);
                var p = AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, Vector256.Load(wj), Vector256.Create(*(int*)x0).AsSByte());
                var q = AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, Vector256.Load(wj + 32), Vector256.Create(*(int*)(x0 + 4)).AsSByte());
                p = AvxVnni.MultiplyWideningAndAdd(p, Vector256.Load(wj + 64), Vector256.Create(*(int*)(x0 + 8)).AsSByte());
                q = AvxVnni.MultiplyWideningAndAdd(q, Vector256.Load(wj + 96), Vector256.Create(*(int*)(x0 + 12)).AsSByte());
                i += Avx2.MultiplyLow(p + q, Vector256.Load((int*)(tile + ScalesOffset) + 8 * j));
            }
            s = Finish(s, tile, x, i);
        }
        s.Store(y);
    }

    /// <summary>
    /// DotQ6_K's f32 step for 8 rows as lanes: s + (d * dx) * (sum - 32 * sum_j sc_j * bsums_j); the offset sum by
    /// 8 vpdpwssd of the scale pairs with the token's bsum pairs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Finish(Vector256<float> s, byte* tile, byte* x, Vector256<int> sum)
    {
        short* pairs = (short*)(tile + PairsOffset);
        int* bsums = (int*)(x + Q8_KBlock.BsumsOffset);
        var offset = Vector256<int>.Zero;
        for (int k = 0; k < 8; k++) offset = AvxVnni.MultiplyWideningAndAdd(offset, Vector256.Load(pairs + 16 * k), Vector256.Create(bsums[k]).AsInt16());
        var dx = Vector256.Create(*(float*)x);
        return s + Vector256.Load((float*)(tile + DOffset)) * dx * Vector256.ConvertToSingle(sum - (offset << 5));
    }

    /// <summary>The reference of <see cref="Tile"/> (<paramref name="tokens"/> = 4) and <see cref="TileOne"/> (1).</summary>
    public static void TileScalar(byte* tile, int cols, byte* x, long xStride, float* y, long yStride, int tokens)
    {
        for (int k = 0; k < tokens; k++)
            for (int r = 0; r < GemmQ4_K.Rows; r++)
            {
                float s = 0;
                byte* t = tile, xk = x + k * xStride;
                for (int b = 0; b < cols / Q6_KBlock.Elements; b++, t += BlockBytes, xk += Q8_KBlock.Bytes)
                {
                    sbyte* q8 = (sbyte*)(xk + Q8_KBlock.QsOffset);
                    short* bsums = (short*)(xk + Q8_KBlock.BsumsOffset);
                    int sum = 0, offset = 0;
                    for (int j = 0; j < 16; j++)
                    {
                        int p = 0;
                        for (int i = 16 * j; i < 16 * j + 16; i++) p += t[256 * (i / 32) + 32 * (i % 32 / 4) + 4 * r + i % 4] * q8[i];
                        sum += ((int*)(t + ScalesOffset))[8 * j + r] * p;
                        offset += ((int*)(t + ScalesOffset))[8 * j + r] * bsums[j];
                    }
                    s += ((float*)(t + DOffset))[r] * *(float*)xk * (sum - 32 * offset);
                }
                y[k * yStride + r] = s;
            }
    }
}
