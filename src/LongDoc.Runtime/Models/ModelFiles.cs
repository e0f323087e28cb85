using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// A model on disk, opened: its config, its weights (memory-mapped) and what the tokenizer needs. The path is a
/// .gguf file or a Hugging Face folder (config.json + *.safetensors, optionally tokenizer.json). Owns the weights.
/// </summary>
public sealed class ModelFiles : IDisposable
{
    public required string Source { get; init; }
    public required ModelConfig Config { get; init; }
    public required IModelWeights Weights { get; init; }
    /// <summary>GGUF metadata (vocabulary, chat template), or null for a Hugging Face folder.</summary>
    public IReadOnlyDictionary<string, object>? GgufMetadata { get; init; }
    /// <summary>tokenizer.json of a Hugging Face folder when present.</summary>
    public string? TokenizerJsonPath { get; init; }
    /// <summary>tokenizer_config.json of a Hugging Face folder when present (chat template, special tokens).</summary>
    public string? TokenizerConfigJsonPath { get; init; }
    /// <summary>Bytes of the weight files.</summary>
    public long FileBytes { get; init; }

    /// <summary>Opens a .gguf file, a Hugging Face folder, or a folder's config.json / *.safetensors (meaning the folder).</summary>
    public static ModelFiles Open(string path)
    {
        if (Directory.Exists(path)) return OpenHfFolder(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such model file or folder", path);
        bool inFolder = Path.GetFileName(path) is "config.json" or SafetensorsFolder.IndexFileName
            || path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);
        return inFolder ? OpenHfFolder(Path.GetDirectoryName(Path.GetFullPath(path))!) : OpenGguf(path);
    }

    static ModelFiles OpenGguf(string path)
    {
        var gguf = GgufFile.Open(path);
        try
        {
            var config = ModelConfigReader.FromGguf(gguf);
            return new ModelFiles
            {
                Source = path, Config = config, Weights = new GgufModelWeights(gguf),
                GgufMetadata = gguf.Metadata, FileBytes = gguf.FileBytes,
            };
        }
        catch
        {
            gguf.Dispose();
            throw;
        }
    }

    static ModelFiles OpenHfFolder(string folder)
    {
        string configPath = Path.Combine(folder, "config.json");
        if (!File.Exists(configPath)) throw new WeightFormatException(folder, "config.json", "missing: a Hugging Face model folder needs config.json");
        var config = ModelConfigReader.FromHfConfig(configPath);
        var files = SafetensorsFolder.Open(folder);
        SafetensorsModelWeights weights;
        try { weights = new SafetensorsModelWeights(files, config.Architecture); }
        catch
        {
            files.Dispose();
            throw;
        }
        try
        {
            if (!weights.Contains("token_embd.weight"))
                throw new WeightFormatException(folder, "model.embed_tokens.weight", "tensor not found");
            // config.json's tie_word_embeddings can be absent; a missing lm_head means tied either way.
            config = config with { TiedEmbeddings = config.TiedEmbeddings || !weights.Contains("output.weight") };
            return new ModelFiles
            {
                Source = folder, Config = config, Weights = weights, FileBytes = files.FileBytes,
                TokenizerJsonPath = Existing(folder, "tokenizer.json"),
                TokenizerConfigJsonPath = Existing(folder, "tokenizer_config.json"),
            };
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    static string? Existing(string folder, string name) => File.Exists(Path.Combine(folder, name)) ? Path.Combine(folder, name) : null;

    public void Dispose() => Weights.Dispose();
}
