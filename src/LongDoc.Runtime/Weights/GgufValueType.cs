namespace LongDoc.Runtime.Weights;

/// <summary>
/// GGUF metadata value types, numbered as in the GGUF spec. In memory, values are plain .NET objects:
/// UINT8 byte, INT8 sbyte, UINT16 ushort, INT16 short, UINT32 uint, INT32 int, UINT64 ulong, INT64 long,
/// FLOAT32 float, FLOAT64 double, BOOL bool, STRING string, ARRAY a typed .NET array of the element type
/// (string[], int[], float[], ...).
/// </summary>
public enum GgufValueType : uint
{
    UInt8 = 0, Int8 = 1, UInt16 = 2, Int16 = 3, UInt32 = 4, Int32 = 5, Float32 = 6, Bool = 7,
    String = 8, Array = 9, UInt64 = 10, Int64 = 11, Float64 = 12,
}

public static class GgufValueTypes
{
    static readonly Dictionary<Type, GgufValueType> ByClrType = new()
    {
        [typeof(byte)] = GgufValueType.UInt8, [typeof(sbyte)] = GgufValueType.Int8,
        [typeof(ushort)] = GgufValueType.UInt16, [typeof(short)] = GgufValueType.Int16,
        [typeof(uint)] = GgufValueType.UInt32, [typeof(int)] = GgufValueType.Int32,
        [typeof(ulong)] = GgufValueType.UInt64, [typeof(long)] = GgufValueType.Int64,
        [typeof(float)] = GgufValueType.Float32, [typeof(double)] = GgufValueType.Float64,
        [typeof(bool)] = GgufValueType.Bool, [typeof(string)] = GgufValueType.String,
    };

    public static GgufValueType Of(Type clr) =>
        clr.IsArray ? GgufValueType.Array
        : ByClrType.TryGetValue(clr, out var t) ? t
        : throw new ArgumentException($"no GGUF value type for {clr.Name}");
}
