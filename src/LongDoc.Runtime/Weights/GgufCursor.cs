using System.Buffers.Binary;
using System.Text;

namespace LongDoc.Runtime.Weights;

/// <summary>
/// Little-endian reads over the mapped header, each bounded by the bytes left, as gguf.cpp's reader is:
/// a count or length read from the file is checked against what remains before anything is allocated.
/// Errors name the file and the field being read.
/// </summary>
internal unsafe struct GgufCursor
{
    readonly byte* _base;
    readonly long _length;
    readonly string _file;

    public long Position { get; private set; }
    public readonly long Remaining => _length - Position;

    public GgufCursor(byte* data, long length, string file)
    {
        _base = data; _length = length; _file = file; Position = 0;
    }

    public readonly WeightFormatException Error(string field, string problem) => new(_file, field, problem);

    ReadOnlySpan<byte> Take(long count, string field)
    {
        if (count < 0 || count > Remaining)
            throw Error(field, $"needs {count} bytes at offset {Position} but the file has {Remaining} left (truncated?)");
        var span = new ReadOnlySpan<byte>(_base + Position, (int)count);
        Position += count;
        return span;
    }

    public byte U8(string field) => Take(1, field)[0];
    public ushort U16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));
    public uint U32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));
    public ulong U64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));
    public float F32(string field) => BinaryPrimitives.ReadSingleLittleEndian(Take(4, field));
    public double F64(string field) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, field));

    /// <summary>A u64 length then UTF-8 bytes; the length may not exceed the bytes left (or <paramref name="maxBytes"/>).</summary>
    public string String(string field, long maxBytes = int.MaxValue)
    {
        ulong n = U64(field);
        if (n > (ulong)Remaining)
            throw Error(field, $"string length {n} exceeds the {Remaining} bytes left in the file");
        if (n > (ulong)maxBytes)
            throw Error(field, $"string length {n} exceeds the limit of {maxBytes} bytes");
        var bytes = Take((long)n, field);
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { throw Error(field, "string is not valid UTF-8"); }
    }

    /// <summary>A count of items, each at least <paramref name="minItemBytes"/> long, that must fit in the bytes left.</summary>
    public ulong Count(string field, int minItemBytes)
    {
        ulong n = U64(field);
        if (n > (ulong)Remaining / (ulong)minItemBytes)
            throw Error(field, $"count {n} cannot fit in the {Remaining} bytes left in the file");
        return n;
    }

    public void Seek(long position) => Position = position;

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
