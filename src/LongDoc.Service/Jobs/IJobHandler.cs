using LongDoc.Service.Processing;

namespace LongDoc.Service.Jobs;

/// <summary>
/// What happens around the processing of one kind of job. The worker calls, in order:
/// <see cref="CommitOutputsAsync"/> (atomically; idempotent, since a crash before the store says done repeats it),
/// then marks the job done, then <see cref="FinishAsync"/>. A job parked as failed gets <see cref="ParkAsync"/>.
/// </summary>
public interface IJobHandler
{
    /// <summary>The job kind this handles (the store's kind column).</summary>
    string Kind { get; }

    /// <summary>Before processing: why the source must not be read (the worker fails the job with it), or null to read it.</summary>
    string? SourceProblem(Job job) => File.Exists(job.Source) ? null : "the file was removed before it was processed";

    /// <summary>Writes the results; returns what the store keeps as the job's result. IOException: the environment failed (retried, not charged).</summary>
    Task<string?> CommitOutputsAsync(Job job, ProcessedDocument result, CancellationToken ct);

    /// <summary>After the store says done: moves the original away (repeated after a crash; must tolerate a done move).</summary>
    Task FinishAsync(Job job, CancellationToken ct);

    /// <summary>After the job was parked as failed: keeps the original and the reason where a person finds them.</summary>
    Task ParkAsync(Job job, string reason, CancellationToken ct);
}
