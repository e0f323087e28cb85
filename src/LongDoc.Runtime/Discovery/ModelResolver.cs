using System.Text.Json;

namespace LongDoc.Runtime.Discovery;

/// <summary>A model chosen for a run, and why (which rule picked it).</summary>
public sealed record ResolvedModel(string Path, string Origin, string Name);

/// <summary>
/// Picks the model for a run. First rule that gives a value wins:
///   1. --model (a path, or a catalog name such as "qwen3:30b" or "Qwen/Qwen3-30B-A3B")
///   2. LONGDOC_MODEL (same forms)
///   3. "LongDoc": { "Model": ... } in the first appsettings file that has it (a relative path is relative to that file)
///   4. the catalog (Ollama, Hugging Face cache): the smallest model that is readable and of a supported architecture
/// A value given by rules 1-3 that names nothing is an error (never a silent fall-through to another model); no
/// value and no usable catalog model is null: the caller runs without a model (extractive mode).
/// </summary>
public static class ModelResolver
{
    public const string AppSettingsSection = "LongDoc", AppSettingsKey = "Model";

    public static ResolvedModel? Resolve(string? modelFlag, ModelSearchPaths? paths = null)
    {
        paths ??= ModelSearchPaths.FromEnvironment();
        var catalog = new Lazy<IReadOnlyList<CatalogEntry>>(() => ModelCatalog.Scan(paths));
        if (!string.IsNullOrWhiteSpace(modelFlag)) return Named(modelFlag, "--model", null, paths, catalog);
        if (paths.ModelFromEnvironment is { } env) return Named(env, ModelSearchPaths.ModelVariable, null, paths, catalog);
        foreach (var file in paths.AppSettingsFiles)
            if (FromAppSettings(file) is { } value) return Named(value, $"appsettings ({file})", Path.GetDirectoryName(file), paths, catalog);
        var best = catalog.Value.Where(e => e.Usable).OrderBy(e => e.SizeBytes).ThenBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault();
        return best is null ? null : new ResolvedModel(best.Path, best.Source, best.Name);
    }

    static ResolvedModel Named(string value, string origin, string? baseDir, ModelSearchPaths paths, Lazy<IReadOnlyList<CatalogEntry>> catalog)
    {
        string path = baseDir is not null && !Path.IsPathRooted(value) ? Path.Combine(baseDir, value) : value;
        if (File.Exists(path) || Directory.Exists(path)) return new ResolvedModel(Path.GetFullPath(path), origin, value);
        if (ModelCatalog.Find(catalog.Value, value) is { } entry)
        {
            if (entry.Error is not null) throw new ModelDiscoveryException($"{origin} {value}: {entry.Error}");
            return new ResolvedModel(entry.Path, $"{origin} -> {entry.Source}", entry.Name);
        }
        throw new ModelDiscoveryException(
            $"{origin} {value}: no such file or folder, and no model of that name in Ollama's store ({paths.OllamaModels}) " +
            $"or the Hugging Face cache ({paths.HuggingFaceHub}); `longdoc models` lists the models found");
    }

    /// <summary>The "LongDoc": { "Model": ... } value of an appsettings file, or null when the file or key is absent.</summary>
    public static string? FromAppSettings(string file)
    {
        if (!File.Exists(file)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty(AppSettingsSection, out var section)
                || section.ValueKind != JsonValueKind.Object || !section.TryGetProperty(AppSettingsKey, out var model)) return null;
            return model.ValueKind == JsonValueKind.String && model.GetString() is { Length: > 0 } s ? s
                : throw new ModelDiscoveryException($"{file}: {AppSettingsSection}:{AppSettingsKey} must be a non-empty string");
        }
        catch (JsonException e) { throw new ModelDiscoveryException($"{file}: invalid JSON: {e.Message}"); }
    }
}
