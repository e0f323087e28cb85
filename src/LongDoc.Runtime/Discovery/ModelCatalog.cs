namespace LongDoc.Runtime.Discovery;

/// <summary>Every model already on disk: Ollama's store, then the Hugging Face cache, each in name order.</summary>
public static class ModelCatalog
{
    public static IReadOnlyList<CatalogEntry> Scan(ModelSearchPaths paths) =>
        [.. OllamaStore.Scan(paths.OllamaModels), .. HuggingFaceCache.Scan(paths.HuggingFaceHub)];

    /// <summary>The entry called <paramref name="name"/> ("qwen3:30b", "qwen3" for "qwen3:latest", "Qwen/Qwen3-8B"), or null.</summary>
    public static CatalogEntry? Find(IEnumerable<CatalogEntry> entries, string name)
    {
        var list = entries.ToList();
        return list.FirstOrDefault(e => e.Name == name)
            ?? list.FirstOrDefault(e => e.Source == CatalogEntry.Ollama && e.Name == name + ":latest");
    }
}
