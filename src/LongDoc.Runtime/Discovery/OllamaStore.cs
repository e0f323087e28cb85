using System.Text.Json;

namespace LongDoc.Runtime.Discovery;

/// <summary>
/// Models pulled by Ollama: manifests/HOST/NAMESPACE/NAME/TAG are OCI-style JSON manifests; the layer with media type
/// <see cref="ModelMediaType"/> names the GGUF as "sha256:HEX", stored at blobs/sha256-HEX. Names follow Ollama:
/// "NAME:TAG" for the default registry's library, else "NAMESPACE/NAME:TAG" (or "HOST/NAMESPACE/NAME:TAG").
/// </summary>
public static class OllamaStore
{
    public const string ModelMediaType = "application/vnd.ollama.image.model";
    const string DefaultHost = "registry.ollama.ai", DefaultNamespace = "library";
    /// <summary>Manifests are small; a big file there is not one.</summary>
    const long MaxManifestBytes = 1 << 20;

    public static IEnumerable<CatalogEntry> Scan(string root)
    {
        string manifests = Path.Combine(root, "manifests");
        if (!Directory.Exists(manifests)) yield break;
        foreach (var manifest in Directory.EnumerateFiles(manifests, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var parts = Path.GetRelativePath(manifests, manifest).Split(Path.DirectorySeparatorChar);
            if (parts.Length != 4) continue; // HOST/NAMESPACE/NAME/TAG only
            string name = (parts[0], parts[1]) switch
            {
                (DefaultHost, DefaultNamespace) => $"{parts[2]}:{parts[3]}",
                (DefaultHost, _) => $"{parts[1]}/{parts[2]}:{parts[3]}",
                _ => $"{parts[0]}/{parts[1]}/{parts[2]}:{parts[3]}",
            };
            string? blob = null, error = null;
            try { blob = ModelBlob(root, manifest); }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException) { error = e.Message; }
            yield return error is not null ? new CatalogEntry(name, CatalogEntry.Ollama, manifest, Error: error)
                : ModelInspector.Inspect(name, CatalogEntry.Ollama, blob!);
        }
    }

    // The GGUF blob a manifest points at; errors name the manifest and what is wrong.
    static string ModelBlob(string root, string manifest)
    {
        if (new FileInfo(manifest).Length > MaxManifestBytes) throw new InvalidDataException($"{manifest}: over {MaxManifestBytes} bytes, not a manifest");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(manifest)); }
        catch (JsonException e) { throw new InvalidDataException($"{manifest}: invalid JSON: {e.Message}"); }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{manifest}: no \"layers\" array");
        foreach (var layer in layers.EnumerateArray())
        {
            if (layer.ValueKind != JsonValueKind.Object || !layer.TryGetProperty("mediaType", out var type) || type.ValueKind != JsonValueKind.String
                || type.GetString() != ModelMediaType) continue;
            string digest = layer.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
            if (!digest.StartsWith("sha256:", StringComparison.Ordinal) || digest.Length != 7 + 64 || !digest[7..].All(char.IsAsciiHexDigit))
                throw new InvalidDataException($"{manifest}: model layer digest \"{digest}\" is not sha256:<64 hex digits>");
            string blob = Path.Combine(root, "blobs", "sha256-" + digest[7..]);
            return File.Exists(blob) ? blob : throw new FileNotFoundException($"{manifest}: model blob {blob} is missing", blob);
        }
        throw new InvalidDataException($"{manifest}: no layer of media type {ModelMediaType}");
    }
}
