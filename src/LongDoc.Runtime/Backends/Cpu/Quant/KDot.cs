using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// Pieces the quantized dot kernels share. Every kernel sums each block exactly in int32 (whatever the path), then
/// does the same f32 steps per block, so its SIMD paths equal its scalar reference bit for bit.
/// The core is "u8 x s8, 32 at a time, times a per-group scale": <see cref="IByteDot"/> does it as ggml's AVX2 code
/// (vpmaddubsw then vpmaddwd with the scale) or with AVX-VNNI, and a portable Vector256 path widens to int16.
/// </summary>
internal static unsafe class KDot
{
    /// <summary>A block's f16 scale: a lookup in the backend's f16 table (Half -> float is a software conversion in .NET),
    /// without a bounds check (a ushort is always inside the table's 65536 entries).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Half(byte* p) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(HalfBits.F16ToF32), *(ushort*)p);

    /// <summary>
    /// Q4_K/Q5_K's 12 packed bytes -> 8 scales and 8 mins as bytes (ggml's kmask1/2/3 shuffle over three u32;
    /// same values as KQuantMath.GetScaleMinK4 for j = 0..7).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (ulong Scales, ulong Mins) UnpackScaleMinK4(byte* s)
    {
        const uint Low6 = 0x3f3f3f3f, Low4 = 0x0f0f0f0f, Low2 = 0x03030303;
        uint a0 = *(uint*)s, a1 = *(uint*)(s + 4), a2 = *(uint*)(s + 8);
        ulong scales = (a0 & Low6) | ((ulong)((a2 & Low4) | (((a0 >> 6) & Low2) << 4)) << 32);
        ulong mins = (a1 & Low6) | ((ulong)(((a2 >> 4) & Low4) | (((a1 >> 6) & Low2) << 4)) << 32);
        return (scales, mins);
    }

    /// <summary>
    /// sum_j bsums[j] * mins[j / 2]: the Q8_K block sums against the 8 mins of a Q4_K/Q5_K block. Integer, so the
    /// Avx2 path (one vpmaddwd of the 16 bsums with the mins spread to pairs) equals the scalar one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MinsDot(short* bsums, ulong mins)
    {
        if (Avx2.IsSupported)
        {
            var m = Vector128.CreateScalar(mins).AsByte();
            var pairs = Avx2.ConvertToVector256Int16(Sse2.UnpackLow(m, m)); // (16) mins[j / 2] as int16
            return Vector256.Sum(Avx2.MultiplyAddAdjacent(Vector256.Load(bsums), pairs));
        }
        return MinsDotScalar(bsums, mins);
    }

    /// <summary>Avx2: <see cref="MinsDot"/> as 8 int32 lanes, for a horizontal sum shared with the block's other sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MinsLanes(short* bsums, Vector128<byte> mins) =>
        Avx2.MultiplyAddAdjacent(Vector256.Load(bsums), Avx2.ConvertToVector256Int16(Sse2.UnpackLow(mins, mins)));

    /// <summary>Avx2: <see cref="MinsLanes"/> of 4 tokens' Q8_K blocks (<paramref name="x"/>, stride
    /// <paramref name="xStride"/> bytes) summed per token: lane t = token t's sum_j mins_j * bsums pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MinsSum4(byte* x, long xStride, Vector128<byte> mins) =>
        Sum4(MinsLanes((short*)(x + Q8_KBlock.BsumsOffset), mins), MinsLanes((short*)(x + xStride + Q8_KBlock.BsumsOffset), mins),
            MinsLanes((short*)(x + 2 * xStride + Q8_KBlock.BsumsOffset), mins), MinsLanes((short*)(x + 3 * xStride + Q8_KBlock.BsumsOffset), mins));

    /// <summary>Avx2: the 6-bit scales of 32-value chunks 2c and 2c + 1 (of 8 in <paramref name="scales"/>), each
    /// broadcast to 16 int16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<short> Low, Vector256<short> High) ScalePair(Vector128<byte> scales, int c) =>
        (Avx2.ConvertToVector256Int16(Ssse3.Shuffle(scales, Vector128.Create((byte)(2 * c)))).AsInt16(),
         Avx2.ConvertToVector256Int16(Ssse3.Shuffle(scales, Vector128.Create((byte)(2 * c + 1)))).AsInt16());

    /// <summary>Avx2: the horizontal sums of a and b (one vphaddd, exact integers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (int A, int B) Sum2(Vector256<int> a, Vector256<int> b)
    {
        var h = Avx2.HorizontalAdd(a, b);
        var s = h.GetLower() + h.GetUpper();
        return (s.GetElement(0) + s.GetElement(1), s.GetElement(2) + s.GetElement(3));
    }

    public static int MinsDotScalar(short* bsums, ulong mins)
    {
        int s = 0;
        for (int j = 0; j < 8; j++) s += (bsums[2 * j] + bsums[2 * j + 1]) * (int)((mins >> (8 * j)) & 0xFF);
        return s;
    }

    /// <summary>Avx2: the four horizontal sums of a0..a3 as lanes 0..3 (three vphaddd and one add; exact integers, so
    /// each lane equals Vector256.Sum of its vector).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Sum4(Vector256<int> a0, Vector256<int> a1, Vector256<int> a2, Vector256<int> a3)
    {
        var h = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a0, a1), Avx2.HorizontalAdd(a2, a3));
        return h.GetLower() + h.GetUpper();
    }

    /// <summary>Portable: 8 int32 partial sums of u[i] * s[i] over 32 bytes, via int16 products (|u * s| &lt;= 63 * 128).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MulAddPortable(Vector256<byte> u, Vector256<sbyte> s)
    {
        var (ul, uh) = Vector256.Widen(u);
        var (sl, sh) = Vector256.Widen(s);
        var (p0, p1) = Vector256.Widen(ul.AsInt16() * sl);
        var (p2, p3) = Vector256.Widen(uh.AsInt16() * sh);
        return (p0 + p1) + (p2 + p3);
    }

    /// <summary>
    /// Portable, with a scale per 16 bytes: sum_i u[i] * s[i] * (i &lt; 16 ? scaleLo : scaleHi), 8 int32 partial sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MulAddPortable(Vector256<byte> u, Vector256<sbyte> s, int scaleLo, int scaleHi)
    {
        var (ul, uh) = Vector256.Widen(u);
        var (sl, sh) = Vector256.Widen(s);
        var (p0, p1) = Vector256.Widen(ul.AsInt16() * sl);
        var (p2, p3) = Vector256.Widen(uh.AsInt16() * sh);
        return (p0 + p1) * scaleLo + (p2 + p3) * scaleHi;
    }

    // Byte-lane shifts have no x86 instruction; shifting 16-bit lanes and masking is what ggml does.
    /// <summary>The high nibble of each byte, in the low nibble.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> HighNibbles(Vector256<byte> v) => (v.AsUInt16() >>> 4).AsByte() & Vector256.Create((byte)0xF);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> HighNibbles(Vector128<byte> v) => (v.AsUInt16() >>> 4).AsByte() & Vector128.Create((byte)0xF);

    /// <summary>Each byte shifted left by <paramref name="k"/> with bits of the byte below leaking into the low bits: mask after.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> ShiftLeftUnmasked(Vector256<byte> v, [ConstantExpected] int k) => (v.AsUInt16() << k).AsByte();

    /// <summary>Each byte shifted right by <paramref name="k"/> with bits of the byte above leaking into the high bits: mask after.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> ShiftRightUnmasked(Vector256<byte> v, [ConstantExpected] int k) => (v.AsUInt16() >>> k).AsByte();

    /// <summary>
    /// Avx2 scale vector for <see cref="IByteDot.MulAdd"/> from scales already in a vector: int16 lanes 0-7 hold byte
    /// <paramref name="lo"/> of <paramref name="scales"/> and lanes 8-15 byte <paramref name="hi"/>, sign-extended
    /// (one vpshufb and one vpmovsxbw, as ggml's get_scale_shuffle; constant indexes fold to one constant).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<short> ScalePair(Vector128<sbyte> scales, [ConstantExpected] byte lo, [ConstantExpected] byte hi) =>
        Avx2.ConvertToVector256Int16(Ssse3.Shuffle(scales, Vector128.Create(lo, lo, lo, lo, lo, lo, lo, lo, hi, hi, hi, hi, hi, hi, hi, hi).AsSByte()));

    /// <summary>As <see cref="ScalePair"/> with unsigned scales (zero-extended).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<short> ScalePairU(Vector128<byte> scales, [ConstantExpected] byte lo, [ConstantExpected] byte hi) =>
        Avx2.ConvertToVector256Int16(Ssse3.Shuffle(scales, Vector128.Create(lo, lo, lo, lo, lo, lo, lo, lo, hi, hi, hi, hi, hi, hi, hi, hi))).AsInt16();

    /// <summary>Avx2 scale vector for <see cref="IByteDot.MulAdd"/> with one scale per 16 bytes (int16 lanes 0-7 are bytes 0-15).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<short> Scales16(int lo, int hi) =>
        Vector256.Create(Vector128.Create((short)lo), Vector128.Create((short)hi));
}
