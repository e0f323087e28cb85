using System.Text.Json;

namespace LongDoc.Runtime.Backends.Auto;

/// <summary>
/// Self-test verdicts on disk, one JSON file holding the latest verdict per <see cref="CudaFacts"/> (a machine may have
/// several GPUs, a user several drivers over time). A missing, unreadable or corrupt file holds no verdict: the next
/// save replaces it. Writes go to a temporary file moved into place, so a reader never sees half a file.
/// </summary>
public sealed class VerdictStore(string path)
{
    /// <summary>Verdicts beyond this many (the oldest) are dropped when saving.</summary>
    public const int MaxVerdicts = 32;

    public string Path { get; } = path;

    /// <summary>XDG_CACHE_HOME/longdoc/cuda-selftest.json, else ~/.cache/longdoc/cuda-selftest.json.</summary>
    public static VerdictStore Default()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) ? xdg : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return new VerdictStore(System.IO.Path.Combine(root, "longdoc", "cuda-selftest.json"));
    }

    /// <summary>The verdict for exactly these facts, or null (none yet, or the file is missing or corrupt).</summary>
    public SelfTestVerdict? Find(CudaFacts facts) => Load().LastOrDefault(v => v.Facts == facts);

    /// <summary>Records <paramref name="verdict"/>, replacing any earlier one for the same facts. A cache that cannot be
    /// written (read-only home) is not an error: the verdict then holds for this process only.</summary>
    public bool Save(SelfTestVerdict verdict)
    {
        var all = Load().Where(v => v.Facts != verdict.Facts).Append(verdict).TakeLast(MaxVerdicts).ToList();
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            string temp = $"{Path}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(all, Json));
            File.Move(temp, Path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    List<SelfTestVerdict> Load()
    {
        try
        {
            if (!File.Exists(Path) || new FileInfo(Path).Length > 1 << 20) return [];
            var list = JsonSerializer.Deserialize<List<SelfTestVerdict>>(File.ReadAllText(Path), Json);
            return list?.Where(v => v?.Facts is { Gpu: not null, ComputeCapability: not null, Driver: not null, Nvrtc: not null, LongDoc: not null }).ToList() ?? [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException) { return []; }
    }

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
}
