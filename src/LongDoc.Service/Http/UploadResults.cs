using System.Collections.Concurrent;
using LongDoc.Documents;
using LongDoc.Service.Jobs;
using LongDoc.Service.Processing;

namespace LongDoc.Service.Http;

/// <summary>
/// Uploads live in STATE/uploads/SHA/NAME until processed (the name keeps the extension the reader looks at); results in STATE/documents/ID.longdoc.json (for questions)
/// and in the store (the summary, returned by GET /v1/documents/ID).
/// </summary>
public sealed class UploadResults(string stateFolder) : IJobHandler
{
    public const string JobKind = "upload";
    const int RecentLimit = 16;

    /// <summary>Documents read back from their JSON, the most recent few (a question often follows another).</summary>
    readonly ConcurrentDictionary<long, Document> _recent = new();

    public string Kind => JobKind;

    public string UploadPath(string sha, string name) => Path.Combine(stateFolder, "uploads", sha, name);

    public string DocumentPath(long id) => Path.Combine(stateFolder, "documents", $"{id}.longdoc.json");

    /// <summary>The processed document of job <paramref name="id"/> (it must be done).</summary>
    public Document ReadDocument(long id)
    {
        if (_recent.TryGetValue(id, out var cached)) return cached;
        var path = DocumentPath(id);
        var document = DocumentJsonReader.Read(File.ReadAllText(path), path);
        if (_recent.Count >= RecentLimit) _recent.Clear();
        return _recent[id] = document;
    }

    public async Task<string?> CommitOutputsAsync(Job job, ProcessedDocument result, CancellationToken ct)
    {
        await AtomicFile.WriteAsync(DocumentPath(job.Id), result.DocumentJson, ct);
        return result.SummaryMarkdown;
    }

    public Task FinishAsync(Job job, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(job.Source)!;
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    public Task ParkAsync(Job job, string reason, CancellationToken ct) => FinishAsync(job, ct);
}
