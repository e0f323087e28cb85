using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// The quantized random models of <see cref="QuantizedOracleTests"/>, each written once per test run with its
/// dequantized F32 twin. Every input width is 256 so that all k-quants fit (D = 256, H * Dh = 4 * 64, F = 256).
/// </summary>
public sealed class QuantizedModelFiles : IDisposable
{
    public static readonly Dictionary<string, RandomModelSpec> Configs = new()
    {
        ["moe"] = new() { Architecture = "qwen3moe", Embedding = 256, Layers = 2, Heads = 4, KvHeads = 2, HeadDim = 64, Experts = 4, ExpertsUsed = 2, ExpertFfn = 256, Vocab = 320, Seed = 3 },
        ["dense"] = new() { Architecture = "qwen3", Embedding = 256, Layers = 2, Heads = 4, KvHeads = 2, HeadDim = 64, Ffn = 256, Vocab = 320, Seed = 3 },
    };

    public static readonly Dictionary<string, (GgmlType Type, QuantMix Mix)> Types = new()
    {
        ["Q4_0"] = (GgmlType.Q4_0, QuantMix.None),
        ["Q4_K"] = (GgmlType.Q4_K, QuantMix.None),
        ["Q5_K"] = (GgmlType.Q5_K, QuantMix.None),
        ["Q6_K"] = (GgmlType.Q6_K, QuantMix.None),
        ["Q4_K_M"] = (GgmlType.Q4_K, QuantMix.Q4_K_M),
    };

    /// <summary>Our distance from llama.cpp may be at most this fraction of llama.cpp's own distance from the exact result.</summary>
    public const double ToleranceFraction = 0.1;

    readonly string _root = Path.Combine(Path.GetTempPath(), $"longdoc-quant-oracle-{Guid.NewGuid():N}");
    readonly Dictionary<string, string> _paths = [];
    readonly Lock _lock = new();

    public static RandomModelSpec Spec(string config, string type) =>
        Configs[config] with { WeightType = Types[type].Type, Mix = Types[type].Mix };

    public string Gguf(string config, string type) => Get($"{config}-{type}.gguf", p => RandomModelWriter.WriteGguf(Spec(config, type), p));

    /// <summary>The same weight values stored as F32: run in F32, it is the exact result the quantized runs approximate.</summary>
    public string DequantizedTwin(string config, string type) =>
        Get($"{config}-{type}-f32.gguf", p => RandomModelWriter.WriteGguf(Spec(config, type), p, dequantized: true));

    string Get(string name, Action<string> write)
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
