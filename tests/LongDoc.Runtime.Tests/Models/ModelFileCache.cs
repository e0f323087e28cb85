namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// Model files a test fixture writes once per run (generation and llama.cpp's quantizer take a while), each under its
/// name in a temp folder of the fixture's own, deleted with it. Get may nest (a quantized file writes its source first).
/// </summary>
public sealed class ModelFileCache(string prefix) : IDisposable
{
    readonly string _root = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
    readonly Dictionary<string, string> _paths = [];
    readonly Lock _lock = new();

    /// <summary>The path of <paramref name="name"/>, written by <paramref name="write"/> the first time.</summary>
    public string Get(string name, Action<string> write)
    {
        lock (_lock)
        {
            if (_paths.TryGetValue(name, out var path)) return path;
            Directory.CreateDirectory(_root);
            path = Path.Combine(_root, name);
            write(path);
            return _paths[name] = path;
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
