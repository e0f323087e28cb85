using System.Runtime.InteropServices;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Weights.Quantization;

/// <summary>
/// The I-quant tables are format constants: each must be llama.cpp's exactly. Checked two ways: the FNV-1a hash of its
/// little-endian bytes, computed from the tables as printed in llama.cpp's ggml/src/ggml-common.h (so a dropped,
/// swapped or mistyped entry fails), and the structure the formats rely on (distinct entries, the value sets).
/// </summary>
public sealed class IQGridsTests
{
    static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        ulong h = 0xcbf29ce484222325;
        foreach (byte b in bytes) h = (h ^ b) * 0x100000001b3;
        return h;
    }

    /// <summary>Each table's bytes, entry count, bytes per entry and hash.</summary>
    static readonly Dictionary<string, (Func<byte[]> Bytes, int Entries, int EntryBytes, ulong Hash)> Expected = new()
    {
        ["Signs"] = (() => IQGrids.Signs.ToArray(), 128, 1, 0xf19ba8f8c3292ba5),
        ["IQ2XXS"] = (() => MemoryMarshal.AsBytes(IQGrids.IQ2XXS).ToArray(), 256, 8, 0xbb4ee025b5ac6e8e),
        ["IQ2XS"] = (() => MemoryMarshal.AsBytes(IQGrids.IQ2XS).ToArray(), 512, 8, 0xc9b1ee61e79909bd),
        ["IQ2S"] = (() => MemoryMarshal.AsBytes(IQGrids.IQ2S).ToArray(), 1024, 8, 0x123edd38a3b62b90),
        ["IQ3XXS"] = (() => MemoryMarshal.AsBytes(IQGrids.IQ3XXS).ToArray(), 256, 4, 0xdfa5dc83d6a155d5),
        ["IQ3S"] = (() => MemoryMarshal.AsBytes(IQGrids.IQ3S).ToArray(), 512, 4, 0xfa37020c25b44829),
        ["IQ1S"] = (() => MemoryMarshal.AsBytes(IQGrids.IQ1S).ToArray(), 2048, 8, 0x6703ed863501ae2e),
    };

    public static TheoryData<string> Tables() => [.. Expected.Keys];

    [Theory]
    [MemberData(nameof(Tables))]
    public void Table_HashOfItsBytes_EqualsLlamaCppsTable(string table)
    {
        var (bytes, entries, entryBytes, hash) = Expected[table];
        Assert.Equal(entries * entryBytes, bytes().Length);
        Assert.Equal(hash, Fnv1a(bytes()));
    }

    [Fact]
    public void Signs_SevenStoredBitsAndEvenParity()
    {
        for (int i = 0; i < 128; i++)
        {
            Assert.Equal(i, IQGrids.Signs[i] & 127);
            Assert.Equal(0, int.PopCount(IQGrids.Signs[i]) % 2);
        }
    }

    [Fact]
    public void Grids_EntriesDistinct_BytesFromEachFormatsValueSet()
    {
        static void Check<T>(ReadOnlySpan<T> grid, byte[] values) where T : struct
        {
            Assert.Equal(grid.Length, new HashSet<T>(grid.ToArray()).Count);
            Assert.All(MemoryMarshal.AsBytes(grid).ToArray(), b => Assert.Contains(b, values));
        }
        Check(IQGrids.IQ2XXS, [8, 25, 43]);
        Check(IQGrids.IQ2XS, [8, 25, 43]);
        Check(IQGrids.IQ2S, [8, 25, 43]);
        Check(IQGrids.IQ3XXS, [4, 12, 20, 28, 36, 44, 52, 62]);
        Check(IQGrids.IQ3S, [1, 3, 5, 7, 9, 11, 13, 15]);
        Check(IQGrids.IQ1S, [0xFF, 0, 1]);
    }
}
