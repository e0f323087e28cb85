using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// For the prefill GEMM tiles (<see cref="GemmQ4_K"/>, <see cref="GemmQ6_K"/>): an 8 x 8 int32 transpose, so that 4
/// bytes of each of 8 rows become one vector with the rows in its lanes (Avx2: 8 vpunpck*dq, 8 vpunpck*qdq and 8
/// vperm2i128), and the products of such a vector with 4 tokens.
/// </summary>
internal static class TileTranspose
{
    /// <summary>Rows v0..v7 in, columns c0..c7 out: c_i[r] = v_r[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose8(Vector256<int> v0, Vector256<int> v1, Vector256<int> v2, Vector256<int> v3,
        Vector256<int> v4, Vector256<int> v5, Vector256<int> v6, Vector256<int> v7,
        out Vector256<byte> c0, out Vector256<byte> c1, out Vector256<byte> c2, out Vector256<byte> c3,
        out Vector256<byte> c4, out Vector256<byte> c5, out Vector256<byte> c6, out Vector256<byte> c7)
    {
        var t0 = Avx2.UnpackLow(v0, v1).AsInt64(); var t1 = Avx2.UnpackHigh(v0, v1).AsInt64();
        var t2 = Avx2.UnpackLow(v2, v3).AsInt64(); var t3 = Avx2.UnpackHigh(v2, v3).AsInt64();
        var t4 = Avx2.UnpackLow(v4, v5).AsInt64(); var t5 = Avx2.UnpackHigh(v4, v5).AsInt64();
        var t6 = Avx2.UnpackLow(v6, v7).AsInt64(); var t7 = Avx2.UnpackHigh(v6, v7).AsInt64();
        // u_k holds column k of rows 0-3 in its low half and column k + 4 in its high half; w_k the same for rows 4-7.
        var u0 = Avx2.UnpackLow(t0, t2); var u1 = Avx2.UnpackHigh(t0, t2); var u2 = Avx2.UnpackLow(t1, t3); var u3 = Avx2.UnpackHigh(t1, t3);
        var w0 = Avx2.UnpackLow(t4, t6); var w1 = Avx2.UnpackHigh(t4, t6); var w2 = Avx2.UnpackLow(t5, t7); var w3 = Avx2.UnpackHigh(t5, t7);
        c0 = Avx2.Permute2x128(u0, w0, 0x20).AsByte(); c1 = Avx2.Permute2x128(u1, w1, 0x20).AsByte();
        c2 = Avx2.Permute2x128(u2, w2, 0x20).AsByte(); c3 = Avx2.Permute2x128(u3, w3, 0x20).AsByte();
        c4 = Avx2.Permute2x128(u0, w0, 0x31).AsByte(); c5 = Avx2.Permute2x128(u1, w1, 0x31).AsByte();
        c6 = Avx2.Permute2x128(u2, w2, 0x31).AsByte(); c7 = Avx2.Permute2x128(u3, w3, 0x31).AsByte();
    }

    /// <summary>32 bytes at <paramref name="p"/> of each of 8 rows <paramref name="rowBytes"/> apart, transposed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Load8(byte* p, long rowBytes,
        out Vector256<byte> c0, out Vector256<byte> c1, out Vector256<byte> c2, out Vector256<byte> c3,
        out Vector256<byte> c4, out Vector256<byte> c5, out Vector256<byte> c6, out Vector256<byte> c7) =>
        Transpose8(Vector256.Load((int*)p), Vector256.Load((int*)(p + rowBytes)), Vector256.Load((int*)(p + 2 * rowBytes)), Vector256.Load((int*)(p + 3 * rowBytes)),
            Vector256.Load((int*)(p + 4 * rowBytes)), Vector256.Load((int*)(p + 5 * rowBytes)), Vector256.Load((int*)(p + 6 * rowBytes)), Vector256.Load((int*)(p + 7 * rowBytes)),
            out c0, out c1, out c2, out c3, out c4, out c5, out c6, out c7);

    /// <summary>Byte offsets of 8 rows <paramref name="rowBytes"/> apart, for gathering one int32 of each.</summary>
    public static Vector256<int> RowOffsets(long rowBytes)
    {
        int rb = checked((int)rowBytes);
        return Vector256.Create(0, rb, 2 * rb, 3 * rb, 4 * rb, 5 * rb, 6 * rb, 7 * rb);
    }

    /// <summary>Group g (values 4g .. 4g + 3 of the sub-block) of 8 rows against 4 tokens: one vpdpbusd each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Group(ref Vector256<int> p0, ref Vector256<int> p1, ref Vector256<int> p2, ref Vector256<int> p3,
        byte* wj, byte* x0, byte* x1, byte* x2, byte* x3, int g)
    {
        var w = Vector256.Load(wj + 32 * g);
        p0 = AvxVnni.MultiplyWideningAndAdd(p0, w, Vector256.Create(*(int*)(x0 + 4 * g)).AsSByte());
        p1 = AvxVnni.MultiplyWideningAndAdd(p1, w, Vector256.Create(*(int*)(x1 + 4 * g)).AsSByte());
        p2 = AvxVnni.MultiplyWideningAndAdd(p2, w, Vector256.Create(*(int*)(x2 + 4 * g)).AsSByte());
        p3 = AvxVnni.MultiplyWideningAndAdd(p3, w, Vector256.Create(*(int*)(x3 + 4 * g)).AsSByte());
    }
}
