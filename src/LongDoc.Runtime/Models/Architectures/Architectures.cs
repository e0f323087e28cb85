using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>Architecture name (llama.cpp's general.architecture) -> how to build block i. Looked up, not branched on.</summary>
public static class Architectures
{
    public delegate TransformerBlock BlockBuilder(ModelConfig config, IModelWeights weights, int layer);

    static readonly Dictionary<string, BlockBuilder> Builders = new()
    {
        ["qwen3moe"] = Qwen3Moe.Block,
        ["qwen3"] = Qwen3.Block,
        ["deepseek2"] = DeepSeek2.Block,
        ["llama"] = Llama.Block,
        ["qwen2"] = Qwen2.Block,
    };

    public static bool IsSupported(string architecture) => Builders.ContainsKey(architecture);

    /// <summary>The architectures that run, for error messages and `longdoc models`.</summary>
    public static IEnumerable<string> Supported => Builders.Keys;

    public static BlockBuilder For(ModelConfig config, string source) =>
        Builders.TryGetValue(config.Architecture, out var b) ? b
            : throw new NotSupportedException($"{source}: architecture '{config.Architecture}' is not supported (supported: {string.Join(", ", Builders.Keys)})");
}
