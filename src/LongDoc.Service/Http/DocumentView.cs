using LongDoc.Service.Jobs;

namespace LongDoc.Service.Http;

/// <summary>
/// A document as the API shows it: its job's state, while processing its phase ("reading", "summarizing 2/5"; null
/// otherwise), and once done its summary (Markdown). Built by <see cref="UploadResults.View"/>.
/// </summary>
public sealed record DocumentView(long Id, string Name, string Status, string Sha256, int Attempts, string? Error, string? Summary,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Phase)
{
    public static DocumentView Of(Job job, bool withSummary) => new(job.Id, job.Name, job.State.ToString().ToLowerInvariant(),
        job.Key[(job.Key.LastIndexOf(':') + 1)..], job.Attempts, job.Error, withSummary ? job.Result : null, job.CreatedAt, job.UpdatedAt,
        job.State == JobState.Running ? job.Phase : null);
}
