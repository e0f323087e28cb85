using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// An I-quant weight type (super-blocks of 256 values over <see cref="IQGrids"/>), paired with Q8_K activations as in
/// ggml's vec_dot_iq*_q8_K. Per block the dot is exact integers: sumi = sum over 16-value halves of ls_h * sum(v * y),
/// and for IQ1 also delta = sum of ls_h * delta_sign * y; then <see cref="Finish"/> does ggml's f32 steps and the row's
/// sum is multiplied by <see cref="Factor"/> (ggml's 0.125f / 0.25f after the loop).
/// </summary>
internal unsafe interface IIQKind
{
    static abstract int Bytes { get; }
    static abstract float Factor { get; }
    static abstract bool HasDelta { get; }

    /// <summary>The scalar reference: ggml's generic loop over one block, the integer sums only.</summary>
    static abstract (int Sumi, int Delta) BlockScalar(byte* w, sbyte* y);

    /// <summary>
    /// Group g (values 32g .. 32g + 31) as SIMD operands: v = magnitudes * signs (IQ1: magnitudes 1, signs the grid's
    /// -1/0/1), the 1 + 2s scale of each 16-value half, and for IQ1 the delta sign (+-1) of every value.
    /// </summary>
    static abstract void Group(byte* w, int g, out Vector256<byte> magnitudes, out Vector256<sbyte> signs, out int lo, out int hi, out Vector256<sbyte> delta);

    /// <summary>ggml's f32 steps for one block: d_w, d_x and the integer sums to the block's term of the row sum.</summary>
    static abstract float Finish(byte* w, float dx, int sumi, int delta);
}

/// <summary>
/// Dot product of a row of <typeparamref name="T"/> blocks with Q8_K activations. The Avx2 path is ggml's idea
/// (grid bytes unsigned, signs moved onto the activations with vpsignb, vpmaddubsw, vpmaddwd by the scales); all paths
/// sum each block exactly in int32 and share <see cref="IIQKind.Finish"/>, so they equal the scalar reference bit for bit.
/// </summary>
internal static unsafe class DotIQ<T> where T : IIQKind
{
    public static float Dot(byte* w, byte* x, int n)
    {
        if (AvxVnni.IsSupported) return Avx2Path<VnniDot>(w, x, n);
        if (Avx2.IsSupported) return Avx2Path<MaddubsDot>(w, x, n);
        if (Vector256.IsHardwareAccelerated) return Vector256Path(w, x, n);
        return Scalar(w, x, n);
    }

    public static float Scalar(byte* w, byte* x, int n)
    {
        float sum = 0;
        for (int b = 0; b < n / Q8_KBlock.Elements; b++, w += T.Bytes, x += Q8_KBlock.Bytes)
        {
            var (sumi, delta) = T.BlockScalar(w, (sbyte*)(x + Q8_KBlock.QsOffset));
            sum += T.Finish(w, *(float*)x, sumi, delta);
        }
        return T.Factor * sum;
    }

    /// <summary>Avx2 (and AVX-VNNI through <typeparamref name="TDot"/>).</summary>
    public static float Avx2Path<TDot>(byte* w, byte* x, int n) where TDot : struct, IByteDot
    {
        float sum = 0;
        var ones = Vector256.Create((byte)1);
        for (int b = 0; b < n / Q8_KBlock.Elements; b++, w += T.Bytes, x += Q8_KBlock.Bytes)
        {
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            Vector256<int> acc = Vector256<int>.Zero, accDelta = Vector256<int>.Zero;
            for (int g = 0; g < 8; g++, y += 32)
            {
                T.Group(w, g, out var magnitudes, out var signs, out int lo, out int hi, out var delta);
                var yv = Vector256.Load(y);
                var scales = KDot.Scales16(lo, hi);
                // magnitudes <= 62 and |y| <= 127: the int16 pair sums of vpmaddubsw stay below 32767.
                acc = TDot.MulAdd(acc, magnitudes, Avx2.Sign(yv, signs), scales);
                if (T.HasDelta) accDelta = TDot.MulAdd(accDelta, ones, Avx2.Sign(yv, delta), scales);
            }
            sum += T.Finish(w, *(float*)x, Vector256.Sum(acc), T.HasDelta ? Vector256.Sum(accDelta) : 0);
        }
        return T.Factor * sum;
    }

    /// <summary>
    /// Prefill form (QuantDot.Dot4): one row against 4 tokens' Q8_K rows <paramref name="xStride"/> bytes apart, each
    /// group's grid entries and signs looked up once for the 4 (the lookups are most of a single dot's work). Each
    /// token's result is <see cref="Dot"/>'s bit for bit: the same exact int32 block sums, the same f32 steps.
    /// </summary>
    public static void Dot4(byte* w, byte* x, long xStride, int n, float* y, long yStride)
    {
        if (AvxVnni.IsSupported) Dot4Path<VnniDot>(w, x, xStride, n, y, yStride);
        else if (Avx2.IsSupported) Dot4Path<MaddubsDot>(w, x, xStride, n, y, yStride);
        else DotKQuant4.Each(&Dot, w, x, xStride, n, y, yStride);
    }

    public static void Dot4Path<TDot>(byte* w, byte* x, long xStride, int n, float* y, long yStride) where TDot : struct, IByteDot
    {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var ones = Vector256.Create((byte)1);
        for (int b = 0; b < n / Q8_KBlock.Elements; b++, w += T.Bytes, x += Q8_KBlock.Bytes)
        {
            sbyte* y0 = (sbyte*)(x + Q8_KBlock.QsOffset), y1 = y0 + xStride, y2 = y1 + xStride, y3 = y2 + xStride;
            Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector256<int> d0 = default, d1 = default, d2 = default, d3 = default;
            for (int g = 0; g < 8; g++)
            {
                T.Group(w, g, out var magnitudes, out var signs, out int lo, out int hi, out var delta);
                var scales = KDot.Scales16(lo, hi);
                int o = 32 * g;
                Vector256<sbyte> v0 = Vector256.Load(y0 + o), v1 = Vector256.Load(y1 + o), v2 = Vector256.Load(y2 + o), v3 = Vector256.Load(y3 + o);
                a0 = TDot.MulAdd(a0, magnitudes, Avx2.Sign(v0, signs), scales);
                a1 = TDot.MulAdd(a1, magnitudes, Avx2.Sign(v1, signs), scales);
                a2 = TDot.MulAdd(a2, magnitudes, Avx2.Sign(v2, signs), scales);
                a3 = TDot.MulAdd(a3, magnitudes, Avx2.Sign(v3, signs), scales);
                if (!T.HasDelta) continue;
                d0 = TDot.MulAdd(d0, ones, Avx2.Sign(v0, delta), scales);
                d1 = TDot.MulAdd(d1, ones, Avx2.Sign(v1, delta), scales);
                d2 = TDot.MulAdd(d2, ones, Avx2.Sign(v2, delta), scales);
                d3 = TDot.MulAdd(d3, ones, Avx2.Sign(v3, delta), scales);
            }
            s0 += T.Finish(w, *(float*)x, Vector256.Sum(a0), T.HasDelta ? Vector256.Sum(d0) : 0);
            s1 += T.Finish(w, *(float*)(x + xStride), Vector256.Sum(a1), T.HasDelta ? Vector256.Sum(d1) : 0);
            s2 += T.Finish(w, *(float*)(x + 2 * xStride), Vector256.Sum(a2), T.HasDelta ? Vector256.Sum(d2) : 0);
            s3 += T.Finish(w, *(float*)(x + 3 * xStride), Vector256.Sum(a3), T.HasDelta ? Vector256.Sum(d3) : 0);
        }
        y[0] = T.Factor * s0; y[yStride] = T.Factor * s1; y[2 * yStride] = T.Factor * s2; y[3 * yStride] = T.Factor * s3;
    }

    public static float Vector256Path(byte* w, byte* x, int n)
    {
        float sum = 0;
        var ones = Vector256.Create((byte)1);
        for (int b = 0; b < n / Q8_KBlock.Elements; b++, w += T.Bytes, x += Q8_KBlock.Bytes)
        {
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            Vector256<int> acc = Vector256<int>.Zero, accDelta = Vector256<int>.Zero;
            for (int g = 0; g < 8; g++, y += 32)
            {
                T.Group(w, g, out var magnitudes, out var signs, out int lo, out int hi, out var delta);
                var yv = Vector256.Load(y);
                acc += KDot.MulAddPortable(magnitudes, yv * signs, lo, hi);
                if (T.HasDelta) accDelta += KDot.MulAddPortable(ones, yv * delta, lo, hi);
            }
            sum += T.Finish(w, *(float*)x, Vector256.Sum(acc), T.HasDelta ? Vector256.Sum(accDelta) : 0);
        }
        return T.Factor * sum;
    }
}

/// <summary>Helpers of the I-quant kinds.</summary>
internal static unsafe class IQDot
{
    /// <summary>8 sign bits -> 8 bytes of +1 / -1 (bit k set: byte k is -1), the operand of vpsignb.</summary>
    static readonly ulong[] SignBytes = BuildSignBytes();

    static ulong[] BuildSignBytes()
    {
        var t = new ulong[256];
        for (int b = 0; b < 256; b++)
            for (int k = 0; k < 8; k++) t[b] |= (ulong)((b >> k & 1) != 0 ? 0xFF : 0x01) << (8 * k);
        return t;
    }

    /// <summary>Entry <paramref name="i"/> of a grid or sign table without a bounds check: every caller masks its index
    /// to the table's width (8, 9, 10 or 11 bits; 7 for the sign table).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T At<T>(ReadOnlySpan<T> table, int i) => Unsafe.Add(ref MemoryMarshal.GetReference(table), i);

    /// <summary>4 sign bytes (the low 8 bits of each argument, value 8k + j negative where bit j of s_k is set) -> 32 bytes of +1 / -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> Signs(int s0, int s1, int s2, int s3) =>
        Signs((uint)(s0 & 0xFF) | (uint)(s1 & 0xFF) << 8 | (uint)(s2 & 0xFF) << 16 | (uint)(s3 & 0xFF) << 24);

    /// <summary>
    /// 32 sign bits (bit i set: value i negative) -> 32 bytes of +1 / -1. Avx2: ggml's bit spreading (vpshufb, vpcmpeqb;
    /// <see cref="Blocks32.BitBytes"/>) with no table load and no static in the loop (with tiering off, a static
    /// readonly table's init check is a call in the loop, and the JIT then keeps every vector of the loop in memory);
    /// otherwise 4 lookups in <see cref="SignBytes"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> Signs(uint bits)
    {
        if (Avx2.IsSupported) return (Blocks32.BitBytes(bits) | Vector256.Create((byte)1)).AsSByte();
        ref ulong t = ref MemoryMarshal.GetArrayDataReference(SignBytes);
        return Vector256.Create(Unsafe.Add(ref t, bits & 0xFF), Unsafe.Add(ref t, (bits >> 8) & 0xFF), Unsafe.Add(ref t, (bits >> 16) & 0xFF), Unsafe.Add(ref t, bits >> 24)).AsSByte();
    }

    /// <summary>
    /// The 4 x 7 stored sign bits of IQ2_XXS / IQ3_XXS (the low 28 bits of <paramref name="aux"/>) -> their 4 sign bytes
    /// as <see cref="IQGrids.Signs"/> has them (the 7 bits and an eighth that makes each byte's parity even), computed in
    /// a few register operations instead of 4 dependent table loads: each byte's parity by xor-folding its nibbles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint EvenSigns(uint aux)
    {
        uint b = (aux & 0x7F) | ((aux << 1) & 0x7F00) | ((aux << 2) & 0x7F0000) | ((aux << 3) & 0x7F000000);
        uint p = b ^ (b >> 4);
        p ^= p >> 2;
        p ^= p >> 1;
        return b | ((p & 0x01010101) << 7);
    }

    /// <summary><see cref="EvenSigns(uint)"/> of 8 words at once, the same operations lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> EvenSigns(Vector256<uint> aux)
    {
        var b = (aux & Vector256.Create(0x7Fu)) | ((aux << 1) & Vector256.Create(0x7F00u)) | ((aux << 2) & Vector256.Create(0x7F0000u)) | ((aux << 3) & Vector256.Create(0x7F000000u));
        var p = b ^ (b >>> 4);
        p ^= p >>> 2;
        p ^= p >>> 1;
        return b | ((p & Vector256.Create(0x01010101u)) << 7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Grid(ulong g0, ulong g1, ulong g2, ulong g3) => Vector256.Create(g0, g1, g2, g3).AsByte();

    /// <summary>Scalar: sum over 8 values of grid byte j * y[j], negated where bit j of <paramref name="signs"/> is set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Signed8(ulong grid, int signs, sbyte* y)
    {
        int s = 0;
        for (int j = 0; j < 8; j++) s += (byte)(grid >> (8 * j)) * y[j] * ((signs >> j & 1) != 0 ? -1 : 1);
        return s;
    }

    /// <summary>Scalar: sum over 4 values of a 4-byte grid entry (IQ3), signs as <see cref="Signed8"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Signed4(uint grid, int signs, sbyte* y)
    {
        int s = 0;
        for (int j = 0; j < 4; j++) s += (byte)(grid >> (8 * j)) * y[j] * ((signs >> j & 1) != 0 ? -1 : 1);
        return s;
    }

    /// <summary>(d_w * d_x) * sumi, ggml's order for the IQ2/IQ3 types.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Scaled(byte* w, float dx, int sumi) => KDot.Half(w) * dx * sumi;
}
