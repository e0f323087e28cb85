using System.Buffers.Binary;

namespace LongDoc.Documents.Tests.Readers.Images;

/// <summary>Image files made byte by byte: headers that claim sizes, TIFFs of many pages or with a looping page list, damaged data.</summary>
static class TestImages
{
    static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A PNG signature and IHDR chunk claiming <paramref name="width"/> x <paramref name="height"/> grey pixels, then <paramref name="tail"/>.</summary>
    public static byte[] PngHeader(uint width, uint height, byte[]? tail = null)
    {
        var b = new byte[33];
        PngSignature.CopyTo(b, 0);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), 13);
        "IHDR"u8.CopyTo(b.AsSpan(12));
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(20), height);
        b[24] = 8;   // bit depth; colour type 0 (grey); the CRC is left zero
        return [.. b, .. tail ?? []];
    }

    /// <summary>A little-endian TIFF of <paramref name="pages"/> IFDs of 1 x 1 pixel; with <paramref name="loop"/> the last IFD points back at the first.</summary>
    public static byte[] Tiff(int pages, uint width = 1, uint height = 1, bool loop = false)
    {
        const int Entries = 2, IfdSize = 2 + 12 * Entries + 4;
        var b = new byte[8 + pages * IfdSize];
        "II"u8.CopyTo(b);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 8);
        for (int p = 0; p < pages; p++)
        {
            int at = 8 + p * IfdSize;
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), Entries);
            Entry(b, at + 2, 256, width);
            Entry(b, at + 14, 257, height);
            uint next = p < pages - 1 ? (uint)(at + IfdSize) : loop ? 8u : 0u;
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 2 + 12 * Entries), next);
        }
        return b;
    }

    static void Entry(byte[] b, int at, ushort tag, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), tag);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at + 2), 4);   // LONG
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 4), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 8), value);
    }

    /// <summary>SOI, an APP0 segment, then a baseline frame header (SOF0) of <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] JpegHeader(ushort width, ushort height)
    {
        byte[] app0 = [0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
        byte[] sof = [0xFF, 0xC0, 0x00, 0x0B, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0];
        return [0xFF, 0xD8, .. app0, .. sof];
    }
}
