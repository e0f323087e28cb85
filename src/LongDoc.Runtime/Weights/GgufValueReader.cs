namespace LongDoc.Runtime.Weights;

/// <summary>
/// Reads one GGUF metadata value into the plain .NET object of <see cref="GgufValueType"/>'s convention.
/// An array's count is checked against the bytes left and a cap before anything is read, and its storage grows
/// with what is actually read, so a lying count costs no more memory than the bytes behind it. Nested arrays are
/// refused (no model format uses them).
/// </summary>
internal static class GgufValueReader
{
    /// <summary>Largest metadata array: the biggest real ones (vocabularies, merges) hold a few hundred thousand.</summary>
    public const int MaxArrayElements = 1 << 24;

    // Smallest encoding of one value of each type: bounds an array's count before allocating it.
    static readonly Dictionary<GgufValueType, int> MinBytes = new()
    {
        [GgufValueType.UInt8] = 1, [GgufValueType.Int8] = 1, [GgufValueType.Bool] = 1,
        [GgufValueType.UInt16] = 2, [GgufValueType.Int16] = 2,
        [GgufValueType.UInt32] = 4, [GgufValueType.Int32] = 4, [GgufValueType.Float32] = 4,
        [GgufValueType.UInt64] = 8, [GgufValueType.Int64] = 8, [GgufValueType.Float64] = 8,
        [GgufValueType.String] = 8, [GgufValueType.Array] = 12,
    };

    public static GgufValueType Type(ref GgufCursor c, string field)
    {
        uint raw = c.U32(field);
        var type = (GgufValueType)raw;
        if (!MinBytes.ContainsKey(type)) throw c.Error(field, $"unknown value type {raw}");
        return type;
    }

    public static object Value(ref GgufCursor c, GgufValueType type, string field) => type switch
    {
        GgufValueType.UInt8 => c.U8(field),
        GgufValueType.Int8 => (sbyte)c.U8(field),
        GgufValueType.UInt16 => c.U16(field),
        GgufValueType.Int16 => (short)c.U16(field),
        GgufValueType.UInt32 => c.U32(field),
        GgufValueType.Int32 => (int)c.U32(field),
        GgufValueType.UInt64 => c.U64(field),
        GgufValueType.Int64 => (long)c.U64(field),
        GgufValueType.Float32 => c.F32(field),
        GgufValueType.Float64 => c.F64(field),
        GgufValueType.Bool => Bool(ref c, field),
        GgufValueType.String => c.String(field),
        GgufValueType.Array => Array(ref c, field),
        _ => throw c.Error(field, $"unknown value type {(uint)type}"),
    };

    static bool Bool(ref GgufCursor c, string field)
    {
        byte b = c.U8(field);
        return b <= 1 ? b == 1 : throw c.Error(field, $"bool byte is {b}, expected 0 or 1");
    }

    static object Array(ref GgufCursor c, string field)
    {
        var elementType = Type(ref c, field);
        if (elementType == GgufValueType.Array) throw c.Error(field, "nested arrays are not supported");
        ulong count = c.Count(field, MinBytes[elementType]);
        if (count > MaxArrayElements) throw c.Error(field, $"array of {count} elements exceeds the limit of {MaxArrayElements}");
        int n = (int)count;
        return elementType switch
        {
            GgufValueType.UInt8 => Fill<byte>(ref c, n, elementType, field),
            GgufValueType.Int8 => Fill<sbyte>(ref c, n, elementType, field),
            GgufValueType.UInt16 => Fill<ushort>(ref c, n, elementType, field),
            GgufValueType.Int16 => Fill<short>(ref c, n, elementType, field),
            GgufValueType.UInt32 => Fill<uint>(ref c, n, elementType, field),
            GgufValueType.Int32 => Fill<int>(ref c, n, elementType, field),
            GgufValueType.UInt64 => Fill<ulong>(ref c, n, elementType, field),
            GgufValueType.Int64 => Fill<long>(ref c, n, elementType, field),
            GgufValueType.Float32 => Fill<float>(ref c, n, elementType, field),
            GgufValueType.Float64 => Fill<double>(ref c, n, elementType, field),
            GgufValueType.Bool => Fill<bool>(ref c, n, elementType, field),
            _ => Fill<string>(ref c, n, elementType, field),
        };
    }

    static T[] Fill<T>(ref GgufCursor c, int n, GgufValueType type, string field)
    {
        var items = new List<T>(Math.Min(n, 4096));
        for (int i = 0; i < n; i++) items.Add((T)Value(ref c, type, field));
        return items.ToArray();
    }
}
