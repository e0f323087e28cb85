namespace LongDoc.Runtime.Discovery;

/// <summary>
/// Models in the Hugging Face hub cache: models--ORG--NAME/snapshots/REV/ (files are links into ../../blobs). The
/// revision is the one refs/main names, else the most recently written snapshot. A snapshot with config.json and
/// *.safetensors is one model named "ORG/NAME"; each *.gguf in it is one model named "ORG/NAME/FILE.gguf".
/// </summary>
public static class HuggingFaceCache
{
    public static IEnumerable<CatalogEntry> Scan(string hub)
    {
        if (!Directory.Exists(hub)) yield break;
        foreach (var repo in Directory.EnumerateDirectories(hub, "models--*").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(repo)["models--".Length..].Replace("--", "/", StringComparison.Ordinal);
            string? snapshot = Snapshot(repo);
            if (snapshot is null)
            {
                yield return new CatalogEntry(name, CatalogEntry.HuggingFace, repo, Error: $"{repo}: no snapshot");
                continue;
            }
            if (File.Exists(Path.Combine(snapshot, "config.json")) && Directory.EnumerateFiles(snapshot, "*.safetensors").Any())
                yield return ModelInspector.Inspect(name, CatalogEntry.HuggingFace, snapshot);
            foreach (var gguf in Directory.EnumerateFiles(snapshot, "*.gguf", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                yield return ModelInspector.Inspect($"{name}/{Path.GetRelativePath(snapshot, gguf)}", CatalogEntry.HuggingFace, gguf);
        }
    }

    static string? Snapshot(string repo)
    {
        string snapshots = Path.Combine(repo, "snapshots");
        if (!Directory.Exists(snapshots)) return null;
        string refMain = Path.Combine(repo, "refs", "main");
        if (File.Exists(refMain) && File.ReadAllText(refMain).Trim() is { Length: > 0 } rev && Directory.Exists(Path.Combine(snapshots, rev)))
            return Path.Combine(snapshots, rev);
        return new DirectoryInfo(snapshots).EnumerateDirectories().OrderByDescending(d => d.LastWriteTimeUtc).FirstOrDefault()?.FullName;
    }
}
