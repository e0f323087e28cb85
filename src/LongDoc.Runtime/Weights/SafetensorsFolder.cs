using System.Text.Json;

namespace LongDoc.Runtime.Weights;

/// <summary>
/// The safetensors files of a Hugging Face model folder: sharded through model.safetensors.index.json
/// (weight_map: tensor name -> shard file), or every *.safetensors in the folder. A tensor may live in one shard
/// only, and the index must agree with the shards' own headers.
/// </summary>
public sealed class SafetensorsFolder : IDisposable
{
    public const string IndexFileName = "model.safetensors.index.json";

    readonly List<SafetensorsFile> _files;
    readonly Dictionary<string, SafetensorsFile> _owner;

    public string Path { get; }
    public IReadOnlyList<SafetensorsFile> Files => _files;
    public long FileBytes => _files.Sum(f => f.FileBytes);
    /// <summary>Every tensor of every shard, by checkpoint name.</summary>
    public IEnumerable<string> TensorNames => _owner.Keys;

    SafetensorsFolder(string path, List<SafetensorsFile> files, Dictionary<string, SafetensorsFile> owner)
    {
        Path = path; _files = files; _owner = owner;
    }

    public static SafetensorsFolder Open(string folder)
    {
        string index = System.IO.Path.Combine(folder, IndexFileName);
        var weightMap = System.IO.File.Exists(index) ? ReadIndex(index) : null;
        var shardNames = weightMap is not null
            ? weightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            : Directory.GetFiles(folder, "*.safetensors").Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;
        if (shardNames.Count == 0) throw new WeightFormatException(folder, "*.safetensors", "no safetensors files in the folder");

        var files = new List<SafetensorsFile>();
        try
        {
            var owner = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
            foreach (var shard in shardNames)
            {
                var file = SafetensorsFile.Open(System.IO.Path.Combine(folder, shard!));
                files.Add(file);
                foreach (var t in file.Tensors)
                {
                    if (!owner.TryAdd(t.Name, file))
                        throw new WeightFormatException(file.Path, t.Name, $"tensor also present in {owner[t.Name].Path}");
                    if (weightMap is not null && (!weightMap.TryGetValue(t.Name, out var listed) || listed != shard))
                        throw new WeightFormatException(index, t.Name, $"weight_map does not list this tensor of {shard}");
                }
            }
            if (weightMap is not null)
            {
                foreach (var (name, shard) in weightMap)
                    if (!owner.ContainsKey(name)) throw new WeightFormatException(index, name, $"listed in weight_map but missing from {shard}");
            }
            return new SafetensorsFolder(folder, files, owner);
        }
        catch
        {
            foreach (var f in files) f.Dispose();
            throw;
        }
    }

    public bool TryGetTensor(string name, out SafetensorsFile file, out SafetensorsTensorInfo tensor)
    {
        tensor = null!;
        return _owner.TryGetValue(name, out file!) && file.TryGetTensor(name, out tensor);
    }

    static Dictionary<string, string> ReadIndex(string path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        long length = new FileInfo(path).Length;
        if (length > SafetensorsHeaderParser.MaxHeaderBytes)
            throw new WeightFormatException(path, "index", $"{length} bytes is over the {SafetensorsHeaderParser.MaxHeaderBytes}-byte limit");
        try
        {
            using var doc = JsonDocument.Parse(System.IO.File.ReadAllBytes(path));
            if (!doc.RootElement.TryGetProperty("weight_map", out var weights) || weights.ValueKind != JsonValueKind.Object)
                throw new WeightFormatException(path, "weight_map", "missing or not an object");
            foreach (var p in weights.EnumerateObject())
            {
                string shard = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : "";
                // Shard names come from the file: keep them inside the folder.
                if (shard.Length == 0 || shard != System.IO.Path.GetFileName(shard) || !shard.EndsWith(".safetensors", StringComparison.Ordinal))
                    throw new WeightFormatException(path, $"weight_map.{p.Name}", $"\"{p.Value}\" is not a .safetensors file name in the folder");
                if (!map.TryAdd(p.Name, shard)) throw new WeightFormatException(path, $"weight_map.{p.Name}", "duplicate key");
            }
        }
        catch (JsonException e)
        {
            throw new WeightFormatException(path, "index", $"invalid JSON: {e.Message}");
        }
        return map;
    }

    public void Dispose()
    {
        foreach (var f in _files) f.Dispose();
    }
}
