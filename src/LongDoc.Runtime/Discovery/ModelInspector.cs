using System.Text.Json;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Discovery;

/// <summary>
/// Architecture, parameter count and dominant tensor type of a model from its headers only: GGUF files and safetensors
/// files are memory-mapped and only their header pages are touched, config.json is read whole (a few kB).
/// </summary>
public static class ModelInspector
{
    public static CatalogEntry Inspect(string name, string source, string path)
    {
        try { return Directory.Exists(path) ? Folder(name, source, path) : Gguf(name, source, path); }
        catch (Exception e) when (e is WeightFormatException or IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or ArgumentException)
        {
            return new CatalogEntry(name, source, path, SizeBytes: SizeOf(path), Error: e.Message);
        }
    }

    static CatalogEntry Gguf(string name, string source, string path)
    {
        using var gguf = GgufFile.Open(path);
        string arch = gguf.GetString("general.architecture");
        var (parameters, dominant) = Count(gguf.Tensors.Select(t => (t.Type.ToString(), t.ElementCount)));
        return new CatalogEntry(name, source, path, arch, Architectures.IsSupported(arch), gguf.FileBytes, parameters, dominant);
    }

    static CatalogEntry Folder(string name, string source, string folder)
    {
        string config = Path.Combine(folder, "config.json");
        if (!File.Exists(config)) throw new IOException($"{folder}: no config.json");
        string hfClass;
        using (var doc = JsonDocument.Parse(File.ReadAllBytes(config)))
            hfClass = doc.RootElement.TryGetProperty("architectures", out var a) && a.ValueKind == JsonValueKind.Array && a.GetArrayLength() > 0
                ? a[0].GetString() ?? "" : "";
        if (hfClass.Length == 0) throw new IOException($"{config}: no \"architectures\" entry");
        string? arch = Architectures.FindHfClass(hfClass)?.Architecture.Name;
        var tensors = new List<(string, long)>();
        long size = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.safetensors"))
        {
            using var st = SafetensorsFile.Open(file);
            size += st.FileBytes;
            tensors.AddRange(st.Tensors.Select(t => (t.Dtype, t.Shape.Aggregate(1L, (x, y) => x * y))));
        }
        var (parameters, dominant) = Count(tensors);
        return new CatalogEntry(name, source, folder, arch ?? hfClass, arch is not null && Architectures.IsSupported(arch), size, parameters, dominant);
    }

    // Total elements, and the type that holds the most of them (Q4_K_M files are mostly Q4_K, with some Q6_K).
    static (long Total, string? Dominant) Count(IEnumerable<(string Type, long Elements)> tensors)
    {
        var byType = tensors.GroupBy(t => t.Type).Select(g => (Type: g.Key, Elements: g.Sum(t => t.Elements))).ToList();
        return (byType.Sum(t => t.Elements), byType.OrderByDescending(t => t.Elements).Select(t => t.Type).FirstOrDefault());
    }

    /// <summary>Bytes of a file (its target when a link) or of a folder's files.</summary>
    public static long SizeOf(string path)
    {
        if (Directory.Exists(path)) return Directory.EnumerateFiles(path).Sum(SizeOf);
        var info = new FileInfo(path);
        if (!info.Exists) return 0;
        return info.LinkTarget is null ? info.Length : info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target && target.Exists ? target.Length : 0;
    }
}
