using System.Numerics;

namespace LongDoc.Runtime.Weights;

/// <summary>The validated header of a GGUF file: what <see cref="GgufHeaderParser.Parse"/> returns.</summary>
internal sealed record GgufHeader(uint Version, Dictionary<string, object> Metadata, List<GgufTensorInfo> Tensors,
    long DataStart, int Alignment);

/// <summary>
/// Parses and validates a GGUF v2/v3 header the way llama.cpp's gguf.cpp does: magic, version, counts bounded by
/// the bytes left, no duplicate keys or tensor names, at most 4 dims, element counts and byte sizes checked for
/// overflow, known tensor types, ne[0] whole blocks, offsets equal to the running aligned sum, data inside the file.
/// </summary>
internal static unsafe class GgufHeaderParser
{
    public const int MaxDims = 4;          // GGML_MAX_DIMS
    public const int MaxNameBytes = 63;    // GGML_MAX_NAME is 64 including the terminating zero
    public const int MaxKeyBytes = 65535;  // real keys are a few dozen bytes
    const int MinKvBytes = 8 + 4 + 1;      // key length, type, smallest value
    const int MinTensorInfoBytes = 8 + 4 + 8 + 4 + 8; // name length, n_dims, one ne, type, offset

    public static GgufHeader Parse(byte* data, long length, string file)
    {
        var c = new GgufCursor(data, length, file);
        uint magic = c.U32("header.magic");
        if (magic != 0x46554747) throw c.Error("header.magic", $"not a GGUF file (magic 0x{magic:X8}, expected \"GGUF\")");
        uint version = c.U32("header.version");
        if ((version & 0xFFFF) == 0 && version != 0)
            throw c.Error("header.version", $"version 0x{version:X8} looks byte-swapped: big-endian GGUF is not supported");
        if (version is not (2 or 3)) throw c.Error("header.version", $"unsupported GGUF version {version} (supported: 2, 3)");
        ulong tensorCount = c.Count("header.n_tensors", MinTensorInfoBytes);
        ulong kvCount = c.Count("header.n_kv", MinKvBytes);

        // Collections grow as entries are read: a count from the file never sizes an allocation up front.
        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
        for (ulong i = 0; i < kvCount; i++)
        {
            string key = c.String($"metadata[{i}].key", MaxKeyBytes);
            var type = GgufValueReader.Type(ref c, key);
            object value = GgufValueReader.Value(ref c, type, key);
            if (!metadata.TryAdd(key, value)) throw c.Error(key, "duplicate key");
        }
        GgufKnownKeys.Check(metadata, file);
        int alignment = Alignment(metadata, file);

        var raw = new List<(string Name, GgmlType Type, long[] Dims, long Relative, long Bytes)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (ulong i = 0; i < tensorCount; i++)
        {
            var t = TensorInfo(ref c, $"tensors[{i}]");
            if (!names.Add(t.Name)) throw c.Error(t.Name, "duplicate tensor name");
            raw.Add(t);
        }

        long dataStart = AlignUp(c.Position, alignment);
        var tensors = new List<GgufTensorInfo>(raw.Count);
        long expected = 0;
        foreach (var (name, type, dims, relative, bytes) in raw)
        {
            if (relative != expected)
                throw c.Error(name, $"data offset {relative} is not the expected {expected} (tensors must be packed in order, each padded to {alignment})");
            if (dataStart + relative > length || bytes > length - dataStart - relative)
                throw c.Error(name, $"{bytes} bytes of data at offset {dataStart + relative} lie beyond the end of the file ({length} bytes)");
            tensors.Add(new GgufTensorInfo(name, type, dims, dataStart + relative, bytes));
            expected = checked(AlignUp(relative + bytes, alignment));
        }
        return new GgufHeader(version, metadata, tensors, dataStart, alignment);
    }

    static (string Name, GgmlType Type, long[] Dims, long Relative, long Bytes) TensorInfo(ref GgufCursor c, string field)
    {
        string name = c.String($"{field}.name", MaxNameBytes);
        uint nDims = c.U32($"{name}.n_dims");
        if (nDims is 0 or > MaxDims) throw c.Error(name, $"n_dims is {nDims}, expected 1 to {MaxDims}");
        var dims = new long[nDims];
        for (int d = 0; d < nDims; d++)
        {
            ulong ne = c.U64($"{name}.ne[{d}]");
            if (ne > long.MaxValue) throw c.Error(name, $"ne[{d}] = {ne} is negative as int64");
            dims[d] = (long)ne;
        }
        // Rows first, then rows x ne[0]: both products are checked so no later size computation can wrap.
        long rows = 1;
        foreach (long ne in dims.AsSpan(1))
        {
            if (ne != 0 && rows > long.MaxValue / ne) throw c.Error(name, $"element count {string.Join(" x ", dims)} overflows int64");
            rows *= ne;
        }
        if (rows != 0 && dims[0] > long.MaxValue / rows) throw c.Error(name, $"element count {string.Join(" x ", dims)} overflows int64");
        uint rawType = c.U32($"{name}.type");
        var type = (GgmlType)rawType;
        if (!GgmlTypeInfo.IsKnown(type)) throw c.Error(name, $"unknown or unsupported tensor type {rawType}");
        int block = GgmlTypeInfo.BlockElements(type);
        if (dims[0] % block != 0) throw c.Error(name, $"ne[0] = {dims[0]} is not a multiple of the {type} block size {block}");
        long rowBytes = dims[0] / block * GgmlTypeInfo.BlockBytes(type);
        if (rows != 0 && rowBytes > long.MaxValue / rows) throw c.Error(name, "byte size overflows int64");
        long bytes = rowBytes * rows;
        ulong offset = c.U64($"{name}.offset");
        if (offset > long.MaxValue) throw c.Error(name, $"offset {offset} is negative as int64");
        return (name, type, dims, (long)offset, bytes);
    }

    static int Alignment(Dictionary<string, object> metadata, string file)
    {
        if (!metadata.TryGetValue("general.alignment", out var value)) return GgufWriter.DefaultAlignment;
        uint a = (uint)value; // type checked by GgufKnownKeys
        if (a == 0 || !BitOperations.IsPow2(a) || a > 1 << 30)
            throw new WeightFormatException(file, "general.alignment", $"alignment {a} is not a power of two");
        return (int)a;
    }

    static long AlignUp(long x, int alignment) => checked((x + alignment - 1) / alignment * alignment);
}
