using System.ComponentModel.DataAnnotations;

namespace LongDoc.Service.Jobs;

/// <summary>The job store and its workers (section "Jobs").</summary>
public sealed class JobOptions
{
    /// <summary>"sqlite" (embedded, one machine) or "postgres" (several workers on several machines).</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Jobs:Store must be sqlite or postgres")]
    public string Store { get; set; } = "sqlite";

    /// <summary>The SQLite file; empty: jobs.db in the state folder.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>The PostgreSQL connection string (Store = postgres).</summary>
    public string? PostgresConnection { get; set; }

    /// <summary>Folder for the job database, uploads and results.</summary>
    public string? StateFolder { get; set; }

    [Range(1, 64)] public int Workers { get; set; } = 1;

    /// <summary>How long a claim holds a job without a heartbeat; heartbeats renew it every third.</summary>
    [Range(1.0, 86400.0)] public double LeaseSeconds { get; set; } = 60;

    /// <summary>Attempts before a job is parked as failed (a worker killed mid-job used one too).</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before a failed attempt, or a job whose output could not be written, runs again.</summary>
    [Range(0.0, 86400.0)] public double RetrySeconds { get; set; } = 30;

    /// <summary>How often an idle worker looks for work that another process queued.</summary>
    [Range(0.05, 3600.0)] public double PollSeconds { get; set; } = 1;

    /// <summary>This worker's name in leases; empty: host name and process id.</summary>
    public string? WorkerId { get; set; }
}
