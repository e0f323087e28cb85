using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>The 32-value block types of <see cref="DotBlock32{T}"/>, each as ggml-common.h lays it out (see the
/// Weights.Quantization block classes for the byte maps).</summary>
internal static unsafe class Blocks32
{
    /// <summary>Byte k of entry b: bit k of b moved to bit 4, i.e. the fifth bit of 8 values of a 5-bit block.</summary>
    static readonly ulong[] Spread = BuildSpread();

    static ulong[] BuildSpread()
    {
        var t = new ulong[256];
        for (int b = 0; b < 256; b++)
            for (int k = 0; k < 8; k++) t[b] |= (ulong)(((b >> k) & 1) << 4) << (8 * k);
        return t;
    }

    /// <summary>16 bytes of nibbles -> 32 values: low nibbles (values 0..15), then high nibbles (16..31).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Nibbles(byte* qs)
    {
        var bytes = Vector128.Load(qs);
        return Vector256.Create(bytes & Vector128.Create((byte)0xF), KDot.HighNibbles(bytes));
    }

    /// <summary>The 32 five-bit values of a Q5_0/Q5_1 block, in [0, 31].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Fives(byte* qh, byte* qs)
    {
        if (Avx2.IsSupported) return Nibbles(qs) | (BitBytes(*(uint*)qh) & Vector256.Create((byte)0x10));
        uint h = *(uint*)qh;
        var high = Vector256.Create(Spread[h & 0xFF], Spread[(h >> 8) & 0xFF], Spread[(h >> 16) & 0xFF], Spread[h >> 24]).AsByte();
        return Nibbles(qs) | high;
    }

    /// <summary>
    /// Avx2: bit i of <paramref name="bits"/> to byte i, 0xFF where set (ggml's bytes_from_bits_32: byte i takes byte
    /// i / 8 of the word, every bit but bit i % 8 is set, and only bytes whose bit i % 8 was set compare equal to 0xFF).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> BitBytes(uint bits) => BitBytes(Vector256.Create(bits));

    /// <summary>Avx2: <see cref="BitBytes(uint)"/> of a word already in every dword lane of <paramref name="bits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> BitBytes(Vector256<uint> bits)
    {
        var spread = Avx2.Shuffle(bits.AsByte(), Vector256.Create(0x0000000000000000, 0x0101010101010101, 0x0202020202020202, 0x0303030303030303).AsByte());
        return Vector256.Equals(spread | Vector256.Create(0x7fbfdfeff7fbfdfe).AsByte(), Vector256<byte>.AllBitsSet);
    }

    /// <summary>Scalar: value i of a 5-bit block, in [0, 31].</summary>
    public static int Five(byte* qh, byte* qs, int i) =>
        (i < 16 ? qs[i] & 0xF : qs[i - 16] >> 4) | (int)(((*(uint*)qh >> i) & 1) << 4);

    /// <summary>The IQ4_NL levels as a shuffle table: <see cref="IQ4_NLBlock.Levels"/> (constant data, so no static
    /// field's init check lands in a kernel's loop when the JIT compiles it before the class is initialized).</summary>
    public static Vector128<sbyte> Levels
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128.Create(IQ4_NLBlock.Levels);
    }

    /// <summary>16 bytes of nibbles -> 32 IQ4_NL levels in value order (a table lookup per nibble).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> LevelsOf(byte* qs)
    {
        var bytes = Vector128.Load(qs);
        var lo = (bytes & Vector128.Create((byte)0xF)).AsSByte();
        var hi = KDot.HighNibbles(bytes).AsSByte();
        return Vector256.Create(Vector128.ShuffleNative(Levels, lo), Vector128.ShuffleNative(Levels, hi));
    }
}

/// <summary>Q4_0 (Q4_0Block: f16 d, then 16 bytes with values j and j + 16 in the nibbles of byte j): x = (q - 8) * d; pairs with Q8_0 activations.</summary>
internal readonly unsafe struct Q4_0Kind : IBlock32
{
    public static int Bytes => Q4_0Block.Bytes;
    public static bool HasMin => false;
    public static int Value(byte* b, int i) => (i < 16 ? b[2 + i] & 0xF : b[2 + i - 16] >> 4) - 8;
    public static Vector256<sbyte> Values(byte* b) => (Blocks32.Nibbles(b + 2) - Vector256.Create((byte)8)).AsSByte();
}

/// <summary>Q5_0 (Q5_0Block): x = (q - 16) * d; pairs with Q8_0 activations.</summary>
internal readonly unsafe struct Q5_0Kind : IBlock32
{
    public static int Bytes => Q5_0Block.Bytes;
    public static bool HasMin => false;
    public static int Value(byte* b, int i) => Blocks32.Five(b + Q5_0Block.QhOffset, b + Q5_0Block.QsOffset, i) - 16;
    public static Vector256<sbyte> Values(byte* b) =>
        (Blocks32.Fives(b + Q5_0Block.QhOffset, b + Q5_0Block.QsOffset) - Vector256.Create((byte)16)).AsSByte();
}

/// <summary>Q4_1 (Q4_1Block): x = q * d + m; pairs with Q8_1 activations.</summary>
internal readonly unsafe struct Q4_1Kind : IBlock32
{
    public static int Bytes => Q4_1Block.Bytes;
    public static bool HasMin => true;
    public static int Value(byte* b, int i) => i < 16 ? b[Q4_1Block.QsOffset + i] & 0xF : b[Q4_1Block.QsOffset + i - 16] >> 4;
    public static Vector256<sbyte> Values(byte* b) => Blocks32.Nibbles(b + Q4_1Block.QsOffset).AsSByte();
}

/// <summary>Q5_1 (Q5_1Block): x = q * d + m; pairs with Q8_1 activations.</summary>
internal readonly unsafe struct Q5_1Kind : IBlock32
{
    public static int Bytes => Q5_1Block.Bytes;
    public static bool HasMin => true;
    public static int Value(byte* b, int i) => Blocks32.Five(b + Q5_1Block.QhOffset, b + Q5_1Block.QsOffset, i);
    public static Vector256<sbyte> Values(byte* b) => Blocks32.Fives(b + Q5_1Block.QhOffset, b + Q5_1Block.QsOffset).AsSByte();
}

/// <summary>IQ4_NL (IQ4_NLBlock): x = level[q] * d; pairs with Q8_0 activations.</summary>
internal readonly unsafe struct IQ4_NLKind : IBlock32
{
    public static int Bytes => IQ4_NLBlock.Bytes;
    public static bool HasMin => false;
    public static int Value(byte* b, int i) =>
        IQ4_NLBlock.Levels[i < 16 ? b[IQ4_NLBlock.QsOffset + i] & 0xF : b[IQ4_NLBlock.QsOffset + i - 16] >> 4];
    public static Vector256<sbyte> Values(byte* b) => Blocks32.LevelsOf(b + IQ4_NLBlock.QsOffset);
}
