namespace LongDoc.Runtime.Discovery;

/// <summary>
/// Where models are looked for, read once from the environment (tests build their own):
/// LONGDOC_MODEL; appsettings files with a "LongDoc": { "Model": ... } entry ($XDG_CONFIG_HOME/longdoc/appsettings.json,
/// then appsettings.json beside the executable); Ollama's store ($OLLAMA_MODELS, else ~/.ollama/models); the Hugging
/// Face hub cache ($HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub).
/// </summary>
public sealed record ModelSearchPaths
{
    public const string ModelVariable = "LONGDOC_MODEL";

    /// <summary>Value of LONGDOC_MODEL, or null.</summary>
    public string? ModelFromEnvironment { get; init; }
    /// <summary>appsettings.json files, first match wins.</summary>
    public IReadOnlyList<string> AppSettingsFiles { get; init; } = [];
    public required string OllamaModels { get; init; }
    public required string HuggingFaceHub { get; init; }

    public static ModelSearchPaths FromEnvironment()
    {
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
        string config = Env("XDG_CONFIG_HOME") ?? Path.Combine(home, ".config");
        return new ModelSearchPaths
        {
            ModelFromEnvironment = Env(ModelVariable),
            AppSettingsFiles = [Path.Combine(config, "longdoc", "appsettings.json"), Path.Combine(AppContext.BaseDirectory, "appsettings.json")],
            OllamaModels = Env("OLLAMA_MODELS") ?? Path.Combine(home, ".ollama", "models"),
            HuggingFaceHub = Env("HF_HUB_CACHE") ?? (Env("HF_HOME") is { } hf ? Path.Combine(hf, "hub") : Path.Combine(home, ".cache", "huggingface", "hub")),
        };
    }
}
