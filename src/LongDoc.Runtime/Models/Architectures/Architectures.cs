namespace LongDoc.Runtime.Models;

/// <summary>
/// The table of <see cref="ArchitectureDescriptor"/>s: GGUF architecture name or transformers class -> everything about
/// it. Looked up, not branched on; adding an architecture is adding one descriptor here (README "Architecture").
/// </summary>
public static class Architectures
{
    /// <summary>Every architecture that runs, in the order error messages list them.</summary>
    public static readonly IReadOnlyList<ArchitectureDescriptor> All =
        [Qwen3Moe.Descriptor, Qwen3.Descriptor, Qwen2.Descriptor, Llama.Descriptor, DeepSeek2.Descriptor, DeepSeek32.Descriptor, GlmDsa.Descriptor];

    static readonly Dictionary<string, ArchitectureDescriptor> ByName = All.ToDictionary(a => a.Name, StringComparer.Ordinal);

    static readonly Dictionary<string, (ArchitectureDescriptor Architecture, HfClass Class)> ByHfClass =
        All.SelectMany(a => a.HfClasses.Select(c => (Key: c.Name, Value: (a, c)))).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public static bool IsSupported(string architecture) => ByName.ContainsKey(architecture);

    /// <summary>The architectures that run, for error messages and `longdoc models`.</summary>
    public static IEnumerable<string> Supported => ByName.Keys;

    /// <summary>The transformers classes read from a Hugging Face folder, for error messages.</summary>
    public static IEnumerable<string> SupportedHfClasses => ByHfClass.Keys;

    public static ArchitectureDescriptor? Find(string architecture) => ByName.GetValueOrDefault(architecture);

    /// <summary>The architecture and class row of a config.json "architectures" entry, or null when not read here.</summary>
    public static (ArchitectureDescriptor Architecture, HfClass Class)? FindHfClass(string hfClass) =>
        ByHfClass.TryGetValue(hfClass, out var found) ? found : null;

    /// <summary>The descriptor of <paramref name="config"/>'s architecture; an error naming <paramref name="source"/> when none.</summary>
    public static ArchitectureDescriptor Of(ModelConfig config, string source) =>
        Find(config.Architecture)
        ?? throw new NotSupportedException($"{source}: architecture '{config.Architecture}' is not supported (supported: {string.Join(", ", Supported)})");

    public static BlockBuilder For(ModelConfig config, string source) => Of(config, source).Block;
}
