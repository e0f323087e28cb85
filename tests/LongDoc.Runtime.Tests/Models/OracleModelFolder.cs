using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.Oracle;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// The random models of one oracle test class: written as GGUF into a temporary folder (deleted on Dispose), loaded
/// with the oracle settings (F32 KV cache, 2 threads), and compared with llama.cpp's logits position by position.
/// </summary>
public sealed class OracleModelFolder(string name, IReadOnlyDictionary<string, RandomModelSpec> specs) : IDisposable
{
    public DirectoryInfo Directory { get; } = System.IO.Directory.CreateTempSubdirectory($"longdoc-{name}-oracle-");

    /// <summary>Every config with every weight type, for [MemberData].</summary>
    public static TheoryData<string, GgmlType> Cases(IEnumerable<string> configs, params GgmlType[] types)
    {
        var data = new TheoryData<string, GgmlType>();
        foreach (var config in configs)
            foreach (var type in types)
                data.Add(config, type);
        return data;
    }

    /// <summary>Writes the spec named <paramref name="config"/> in <paramref name="type"/> as "CONFIG-TYPE.gguf".</summary>
    public string Write(string config, GgmlType type, out RandomModelSpec spec)
    {
        spec = specs[config] with { WeightType = type };
        string path = Path.Combine(Directory.FullName, $"{config}-{type}.gguf");
        RandomModelWriter.WriteGguf(spec, path);
        return path;
    }

    /// <summary>Greedy ids of llama.cpp and of ours after the oracle prompt, on the F32 file of <paramref name="config"/>.</summary>
    public (int[] Expected, int[] Actual) GreedyIds(string config)
    {
        string path = Write(config, GgmlType.F32, out var spec);
        var prompt = OracleConfigs.Prompt(spec);
        var expected = LlamaOracle.Generate(path, prompt, OracleConfigs.GenerateTokens);
        using var model = Load(path);
        return (expected, OracleConfigs.Generate(model.Model, prompt, OracleConfigs.GenerateTokens));
    }

    public static LoadedModel Load(string path) =>
        ModelLoader.Load(path, new RuntimeOptions { KvCacheType = KvCacheType.F32, Threads = 2, MaxBatch = 32 });

    /// <summary>Runs <paramref name="prompt"/> through <paramref name="model"/>; the largest relative L2 of a position's
    /// logits (T, V) to <paramref name="expected"/> (T rows of V).</summary>
    public static double WorstRelativeL2(LoadedModel model, int[] prompt, IReadOnlyList<float[]> expected)
    {
        int v = model.Config.VocabSize;
        var logits = new float[prompt.Length * v];
        model.Model.Forward(prompt, logits);
        double worst = 0;
        for (int t = 0; t < prompt.Length; t++)
            worst = Math.Max(worst, OracleConfigs.RelativeL2(expected[t], logits.AsSpan(t * v, v)));
        return worst;
    }

    public void Dispose() => Directory.Delete(recursive: true);
}
