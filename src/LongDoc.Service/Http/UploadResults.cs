using System.Collections.Concurrent;
using LongDoc.Documents;
using Format = LongDoc.Documents.DocumentFormat;
using LongDoc.Service.Jobs;
using LongDoc.Service.Processing;

namespace LongDoc.Service.Http;

/// <summary>
/// Uploads live in STATE/uploads/TENANT-SHA-RANDOM/upload.EXT until processed: a folder of their own (no other upload,
/// of this tenant or another, shares or deletes it) and a generated name (<see cref="UploadName"/>). Results in
/// STATE/documents/ID.longdoc.json (for questions) and in the store (the summary, returned by GET /v1/documents/ID); the
/// original bytes of a processed upload are kept as STATE/originals/ID (GET /v1/documents/ID/file).
/// A job's key is per tenant ("upload:TENANT:sha256:HEX"), so the dedupe never crosses tenants.
/// </summary>
public sealed class UploadResults(string stateFolder) : IJobHandler
{
    public const string JobKind = "upload";
    const int RecentLimit = 16;
    const string HiddenState = "(state folder)";

    readonly string _state = Path.GetFullPath(stateFolder);

    /// <summary>Documents read back from their JSON, the most recent few (a question often follows another).</summary>
    readonly ConcurrentDictionary<long, Document> _recent = new();

    public string Kind => JobKind;

    public static string Key(string tenant, string sha) => $"upload:{tenant}:sha256:{sha}";

    public string NewUploadPath(string tenant, string sha, Format format) =>
        Path.Combine(_state, "uploads", $"{tenant}-{sha[..16]}-{Guid.NewGuid():N}", UploadName.StoredFile(format));

    /// <summary>Removes an upload's folder (a refused or duplicate upload, or a finished job).</summary>
    public static void Discard(string uploadPath)
    {
        var folder = Path.GetDirectoryName(uploadPath)!;
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    public string DocumentPath(long id) => Path.Combine(_state, "documents", $"{id}.longdoc.json");

    public string OriginalPath(long id) => Path.Combine(_state, "originals", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Removes what a deleted document left: its processed JSON and its original (a failed one has neither).</summary>
    public void Forget(long id)
    {
        _recent.TryRemove(id, out _);
        foreach (var path in new[] { DocumentPath(id), OriginalPath(id) }.Where(File.Exists)) File.Delete(path);
    }

    /// <summary>The job as the API shows it, its texts free of server paths.</summary>
    public DocumentView View(Job job, bool withSummary) => DocumentView.Of(job with { Error = Public(job.Error, job) }, withSummary);

    /// <summary>A text about <paramref name="job"/> for a client: its upload's path is its name, the state folder's path hidden.</summary>
    public string? Public(string? text, Job job) =>
        text?.Replace(job.Source, job.Name, StringComparison.Ordinal).Replace(_state, HiddenState, StringComparison.Ordinal);

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
        await AtomicFile.WritePrivateAsync(DocumentPath(job.Id), result.DocumentJson, ct);
        await AtomicFile.WritePrivateAsync(OriginalPath(job.Id), await File.ReadAllBytesAsync(job.Source, ct), ct);
        return result.SummaryMarkdown;
    }

    public Task FinishAsync(Job job, CancellationToken ct)
    {
        Discard(job.Source);
        return Task.CompletedTask;
    }

    public Task ParkAsync(Job job, string reason, CancellationToken ct) => FinishAsync(job, ct);
}
