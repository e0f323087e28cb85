namespace LongDoc.Runtime.Weights;

/// <summary>safetensors dtype names: element sizes of all of them, and which ones this runtime reads.</summary>
internal static class SafetensorsDtype
{
    static readonly Dictionary<string, int> Sizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1,
        ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, ["F32"] = 4,
        ["I64"] = 8, ["U64"] = 8, ["F64"] = 8,
    };

    static readonly Dictionary<string, GgmlType> Supported = new(StringComparer.Ordinal)
    {
        ["F32"] = GgmlType.F32, ["F16"] = GgmlType.F16, ["BF16"] = GgmlType.BF16,
    };

    public static readonly Dictionary<GgmlType, string> Names = Supported.ToDictionary(kv => kv.Value, kv => kv.Key);

    /// <summary>The ggml type of a supported dtype, or the reason it cannot be read.</summary>
    public static (GgmlType Type, int Size) Resolve(string dtype, Func<string, Exception> error)
    {
        if (!Sizes.TryGetValue(dtype, out int size)) throw error($"unknown dtype \"{dtype}\"");
        if (!Supported.TryGetValue(dtype, out var type))
            throw error($"dtype {dtype} is not supported (supported: {string.Join(", ", Supported.Keys)})");
        return (type, size);
    }
}
