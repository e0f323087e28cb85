using System.Buffers.Binary;

namespace LongDoc.Testing.Fuzzing;

/// <summary>
/// For GGUF: on top of the generic mutations, one header field (a count, a string length, a value or element
/// type, an array length, a tensor's dimension count, a dimension, a tensor type, a data offset) set to an
/// extreme value. The fields are found by walking the header (<see cref="Fields"/>) of the unmutated file.
/// </summary>
public static class GgufMutations
{
    public static readonly Dictionary<string, ByteMutations.Mutation> All = new(ByteMutations.Generic)
    {
        ["gguf-field"] = MutateField,
    };

    static readonly ulong[] Extremes = [0, 1, 2, 3, 7, 8, 12, 13, 30, 31, 32, 255, 65535, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000, long.MaxValue, ulong.MaxValue, ulong.MaxValue - 7];

    /// <summary>Where a header field is and how wide (4 or 8 bytes).</summary>
    public readonly record struct Field(string Name, int Offset, int Width);

    static byte[] MutateField(byte[] b, Random r)
    {
        var fields = Fields(b);
        if (fields.Count == 0) return ByteMutations.Generic["flip"](b, r);
        var f = fields[r.Next(fields.Count)];
        var copy = (byte[])b.Clone();
        ulong v = r.Next(4) == 0 ? (ulong)r.NextInt64() : Extremes[r.Next(Extremes.Length)];
        if (f.Width == 4) BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(f.Offset), (uint)v);
        else BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(f.Offset), v);
        return copy;
    }

    // Value types (GgufValueType's numbering): byte widths of the fixed-size ones; 8 = string, 9 = array.
    static readonly Dictionary<uint, int> FixedWidths = new() { [0] = 1, [1] = 1, [2] = 2, [3] = 2, [4] = 4, [5] = 4, [6] = 4, [7] = 1, [10] = 8, [11] = 8, [12] = 8 };

    /// <summary>The header's fields, walked as GGUF v3 lays them out; stops quietly where the bytes do not fit.</summary>
    public static List<Field> Fields(byte[] b)
    {
        var fields = new List<Field>();
        int at = 8;
        try
        {
            fields.Add(new("header.version", 4, 4));
            ulong tensors = U64(b, at); fields.Add(new("header.tensor_count", at, 8)); at += 8;
            ulong kvs = U64(b, at); fields.Add(new("header.kv_count", at, 8)); at += 8;
            for (ulong k = 0; k < kvs; k++)
            {
                at = String(b, at, fields, "key");
                uint type = U32(b, at); fields.Add(new("kv.type", at, 4)); at += 4;
                at = Value(b, at, type, fields);
            }
            for (ulong t = 0; t < tensors; t++)
            {
                at = String(b, at, fields, "tensor.name");
                uint dims = U32(b, at); fields.Add(new("tensor.n_dims", at, 4)); at += 4;
                for (uint d = 0; d < dims; d++) { _ = U64(b, at); fields.Add(new("tensor.ne", at, 8)); at += 8; }   // read: a huge n_dims stops at the end
                fields.Add(new("tensor.type", at, 4)); at += 4;
                fields.Add(new("tensor.offset", at, 8)); at += 8;
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException) { }   // a header that does not fit: the fields found so far
        return fields;
    }

    static int Value(byte[] b, int at, uint type, List<Field> fields)
    {
        if (FixedWidths.TryGetValue(type, out int w)) return at + w;
        if (type == 8) return String(b, at, fields, "kv.string");
        uint element = U32(b, at); fields.Add(new("kv.array.type", at, 4)); at += 4;
        ulong n = U64(b, at); fields.Add(new("kv.array.length", at, 8)); at += 8;
        if (FixedWidths.TryGetValue(element, out int ew)) return checked(at + (int)n * ew);   // n past int range: OverflowException, the walk stops
        for (ulong i = 0; i < n; i++) at = element == 8 ? String(b, at, fields, null) : throw new ArgumentOutOfRangeException(nameof(b));
        return at;
    }

    // A string's length field is recorded when named (array elements are not: a vocabulary has thousands).
    static int String(byte[] b, int at, List<Field> fields, string? name)
    {
        ulong n = U64(b, at);
        if (name is not null) fields.Add(new(name + ".length", at, 8));
        if (n > (ulong)(b.Length - at)) throw new ArgumentOutOfRangeException(nameof(b));
        return at + 8 + (int)n;
    }

    static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at, 4));
    static ulong U64(byte[] b, int at) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at, 8));
}
