using LongDoc.Service.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Hosting;

/// <summary>
/// The state folder holds uploads, documents, embeddings and the job database: at start it is created, or tightened,
/// to mode 0700 (this user alone); one that cannot be tightened (another owner) is a warning. Registered before the
/// store initializer, so the database is created inside a private folder.
/// </summary>
sealed class PrivateStateFolder(IOptions<JobOptions> options, ILogger<PrivateStateFolder> log) : IHostedService
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public Task StartAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.Value.StateFolder) || OperatingSystem.IsWindows()) return Task.CompletedTask;
        var folder = Path.GetFullPath(options.Value.StateFolder);
        Directory.CreateDirectory(folder, Mode);
        if (File.GetUnixFileMode(folder) == Mode) return Task.CompletedTask;
        try { File.SetUnixFileMode(folder, Mode); }
        catch (UnauthorizedAccessException e)
        {
            log.LogWarning("the state folder {Folder} is readable by others and cannot be made private ({Message}); chmod 700 it", folder, e.Message);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
