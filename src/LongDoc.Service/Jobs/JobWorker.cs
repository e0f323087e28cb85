using LongDoc.Service.Hosting;
using LongDoc.Service.Processing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Jobs;

/// <summary>
/// Claims jobs and runs them: process (child extraction, summary) -> commit outputs -> mark done -> finish.
/// A crash anywhere repeats at most the idempotent steps after the last committed state; nothing is lost.
/// Runs <see cref="JobOptions.Workers"/> loops.
/// </summary>
public sealed class JobWorker(
    IJobStore store, IDocumentProcessor processor, IEnumerable<IJobHandler> handlers, JobSignal signal, ServiceMetrics metrics,
    IOptions<JobOptions> options, ILogger<JobWorker> log) : BackgroundService
{
    readonly JobOptions _options = options.Value;
    readonly Dictionary<string, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind);

    TimeSpan Lease => TimeSpan.FromSeconds(_options.LeaseSeconds);
    TimeSpan Retry => TimeSpan.FromSeconds(_options.RetrySeconds);

    protected override Task ExecuteAsync(CancellationToken stopping)
    {
        var id = string.IsNullOrWhiteSpace(_options.WorkerId) ? $"{Environment.MachineName}:{Environment.ProcessId}" : _options.WorkerId;
        return Task.WhenAll(Enumerable.Range(0, _options.Workers).Select(i => Task.Run(() => LoopAsync($"{id}:{i}", stopping), CancellationToken.None)));
    }

    async Task LoopAsync(string worker, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var job = await store.ClaimAsync(worker, Lease, stopping);
                if (job is null) { await signal.WaitAsync(TimeSpan.FromSeconds(_options.PollSeconds), stopping); continue; }
                await RunAsync(job, worker, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { return; }
            catch (System.Data.Common.DbException e)
            {
                log.LogError("job store unavailable: {Message}; retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(_options.PollSeconds), stopping);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.LogError("worker {Worker}: {Message}; going on", worker, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(_options.PollSeconds), stopping);
            }
        }
    }

    async Task RunAsync(Job job, string worker, CancellationToken stopping)
    {
        if (!_handlers.TryGetValue(job.Kind, out var handler))
        {
            await store.FailAsync(job.Id, worker, $"no handler for job kind '{job.Kind}' in this process", Retry, permanent: false, CancellationToken.None);
            return;
        }
        ProcessedDocument result;
        await using (var keeper = new LeaseKeeper(store, job, worker, Lease, stopping))
        await using (var phase = new PhaseReporter(store, job, worker))
        {
            try
            {
                if (handler.SourceProblem(job) is { } problem) throw new ExtractionException(job.Source, ExtractionFailure.BadInput, problem);
                log.LogInformation("{Name}: processing (attempt {Attempt} of {Max})", job.Name, job.Attempts, job.MaxAttempts);
                result = await processor.ProcessAsync(job.Source, job.Name, phase, keeper.Lost);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Stopping: give the job back now instead of waiting for the lease to expire; the attempt is not charged.
                await store.DeferAsync(job.Id, worker, "the service stopped during processing", TimeSpan.Zero, CancellationToken.None);
                throw;
            }
            catch (OperationCanceledException)
            {
                log.LogWarning("{Name}: lease lost to another worker; dropping this attempt", job.Name);
                return;
            }
            catch (Exception e) when (e is ExtractionException or InvalidDataException)
            {
                await FailAsync(job, worker, handler, e.Message, (e as ExtractionException)?.Permanent ?? true);
                return;
            }
            catch (Exception e) when (e is not System.Data.Common.DbException)
            {
                // Unexpected (a summarizer bug, a full disk): this job's attempt fails; the worker and the service go on.
                await FailAsync(job, worker, handler, $"{job.Source}: {e.GetType().Name}: {e.Message}", permanent: false);
                return;
            }
        }
        await CommitAsync(job, worker, handler, result);
    }

    async Task CommitAsync(Job job, string worker, IJobHandler handler, ProcessedDocument result)
    {
        string? stored;
        try
        {
            stored = await handler.CommitOutputsAsync(job, result, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = $"{job.Name}: cannot write the results: {e.Message}; retrying in {_options.RetrySeconds:0.#} s";
            log.LogError("{Reason}", reason);
            metrics.JobDeferred();
            await store.DeferAsync(job.Id, worker, reason, Retry, CancellationToken.None);
            return;
        }
        FaultPoints.Reach(FaultPoints.Commit);
        if (!await store.CompleteAsync(job.Id, worker, stored, CancellationToken.None))
        {
            log.LogWarning("{Name}: lease lost before the result was recorded; the new holder repeats it", job.Name);
            return;
        }
        metrics.JobCompleted();
        log.LogInformation("{Name}: done", job.Name);
        FaultPoints.Reach(FaultPoints.Move);
        await FinishAsync(job, handler);
    }

    async Task FailAsync(Job job, string worker, IJobHandler handler, string reason, bool permanent)
    {
        metrics.AttemptFailed();
        var state = await store.FailAsync(job.Id, worker, reason, Retry, permanent, CancellationToken.None);
        log.LogError("{Reason} ({Outcome})", reason, state == JobState.Failed ? "parked as failed" : $"retrying in {_options.RetrySeconds:0.#} s");
        if (state != JobState.Failed) return;
        try { await handler.ParkAsync(job, reason, CancellationToken.None); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogError("{Name}: failed, and could not be moved aside: {Message}; retried at the next rescan", job.Name, e.Message);
        }
    }

    async Task FinishAsync(Job job, IJobHandler handler)
    {
        try { await handler.FinishAsync(job, CancellationToken.None); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogError("{Name}: done, but the original could not be moved: {Message}; retried at the next rescan", job.Name, e.Message);
        }
    }
}
