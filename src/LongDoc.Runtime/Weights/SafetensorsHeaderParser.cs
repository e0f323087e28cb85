using System.Text.Json;

namespace LongDoc.Runtime.Weights;

/// <summary>
/// Parses and validates a safetensors header as the reference Rust crate does, plus duplicate keys (which
/// JsonDocument would silently accept): u64 length at most 100,000,000 and inside the file, one strict JSON object,
/// F32/F16/BF16 dtypes, shape x dtype size equal to the byte span, spans contiguous from 0 with no gap or overlap,
/// and the last span ending at the end of the file.
/// </summary>
internal static class SafetensorsHeaderParser
{
    public const long MaxHeaderBytes = 100_000_000;
    public const string MetadataKey = "__metadata__";

    public static (List<SafetensorsTensorInfo> Tensors, Dictionary<string, string> Metadata) Parse(MappedFile map)
    {
        string file = map.Path;
        if (map.Length < 8) throw new WeightFormatException(file, "header.length", $"file is {map.Length} bytes, too short for the 8-byte header length");
        ulong n = BitConverter.ToUInt64(map.Span(0, 8));
        if (n > MaxHeaderBytes) throw new WeightFormatException(file, "header.length", $"header length {n} exceeds the limit of {MaxHeaderBytes} bytes");
        if ((long)n > map.Length - 8) throw new WeightFormatException(file, "header.length", $"header length {n} runs beyond the end of the file ({map.Length} bytes)");
        long dataStart = 8 + (long)n;

        var raw = new List<(string Name, string Dtype, long[] Shape, long Begin, long End)>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(map.Span(8, (int)n), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            Expect(ref reader, JsonTokenType.StartObject, file, "header");
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (!names.Add(name)) throw new WeightFormatException(file, name, "duplicate key in the header");
                if (name == MetadataKey) ReadMetadata(ref reader, file, metadata);
                else raw.Add(ReadTensor(ref reader, file, name));
            }
            if (reader.Read()) throw new WeightFormatException(file, "header", "content after the JSON object");
        }
        catch (JsonException e)
        {
            throw new WeightFormatException(file, "header", $"invalid JSON: {e.Message}");
        }
        return (Validate(raw, file, dataStart, map.Length), metadata);
    }

    static List<SafetensorsTensorInfo> Validate(List<(string Name, string Dtype, long[] Shape, long Begin, long End)> raw,
        string file, long dataStart, long fileLength)
    {
        var tensors = new List<SafetensorsTensorInfo>(raw.Count);
        foreach (var (name, dtype, shape, begin, end) in raw)
        {
            var (type, size) = SafetensorsDtype.Resolve(dtype, p => new WeightFormatException(file, name, p));
            if (end < begin) throw new WeightFormatException(file, name, $"data_offsets [{begin}, {end}] end before they begin");
            long bytes = size;
            foreach (long d in shape)
            {
                if (d != 0 && bytes > long.MaxValue / d) throw new WeightFormatException(file, name, $"shape [{string.Join(", ", shape)}] overflows int64 bytes");
                bytes *= d;
            }
            if (bytes != end - begin)
                throw new WeightFormatException(file, name, $"shape [{string.Join(", ", shape)}] x {dtype} is {bytes} bytes but data_offsets span {end - begin}");
            tensors.Add(new SafetensorsTensorInfo(name, dtype, type, shape, dataStart + begin, end - begin));
        }
        long expected = 0;
        foreach (var t in tensors.OrderBy(t => t.Offset).ThenBy(t => t.ByteCount))
        {
            long begin = t.Offset - dataStart;
            if (begin > expected) throw new WeightFormatException(file, t.Name, $"gap: data starts at {begin}, the previous tensor ends at {expected}");
            if (begin < expected) throw new WeightFormatException(file, t.Name, $"overlap: data starts at {begin}, the previous tensor ends at {expected}");
            expected = begin + t.ByteCount;
        }
        if (dataStart + expected != fileLength)
            throw new WeightFormatException(file, "data_offsets", $"last tensor ends at {expected} but the data section is {fileLength - dataStart} bytes");
        return tensors;
    }

    static (string, string, long[], long, long) ReadTensor(ref Utf8JsonReader reader, string file, string name)
    {
        Expect(ref reader, JsonTokenType.StartObject, file, name);
        string? dtype = null;
        long[]? shape = null, offsets = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string field = reader.GetString()!;
            if (!seen.Add(field)) throw new WeightFormatException(file, name, $"duplicate key \"{field}\"");
            switch (field)
            {
                case "dtype":
                    Expect(ref reader, JsonTokenType.String, file, name);
                    dtype = reader.GetString()!;
                    break;
                case "shape": shape = ReadLongs(ref reader, file, $"{name}.shape"); break;
                case "data_offsets": offsets = ReadLongs(ref reader, file, $"{name}.data_offsets"); break;
                default: reader.Read(); reader.Skip(); break;
            }
        }
        if (dtype is null || shape is null || offsets is null)
            throw new WeightFormatException(file, name, "needs dtype, shape and data_offsets");
        if (offsets.Length != 2) throw new WeightFormatException(file, $"{name}.data_offsets", $"has {offsets.Length} numbers, expected 2");
        return (name, dtype, shape, offsets[0], offsets[1]);
    }

    static void ReadMetadata(ref Utf8JsonReader reader, string file, Dictionary<string, string> metadata)
    {
        Expect(ref reader, JsonTokenType.StartObject, file, MetadataKey);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            Expect(ref reader, JsonTokenType.String, file, $"{MetadataKey}.{key}");
            if (!metadata.TryAdd(key, reader.GetString()!)) throw new WeightFormatException(file, $"{MetadataKey}.{key}", "duplicate key");
        }
    }

    static long[] ReadLongs(ref Utf8JsonReader reader, string file, string field)
    {
        Expect(ref reader, JsonTokenType.StartArray, file, field);
        var values = new List<long>();
        while (Next(ref reader) == JsonTokenType.Number)
        {
            if (!reader.TryGetInt64(out long v) || v < 0) throw new WeightFormatException(file, field, "entries must be non-negative integers");
            values.Add(v);
        }
        if (reader.TokenType != JsonTokenType.EndArray) throw new WeightFormatException(file, field, "entries must be non-negative integers");
        return values.ToArray();
    }

    static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("unexpected end of the header");

    static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string file, string field)
    {
        if (Next(ref reader) != type) throw new WeightFormatException(file, field, $"expected {type}, found {reader.TokenType}");
    }
}
