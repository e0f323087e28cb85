using System.Collections.Concurrent;
using System.IO.Enumeration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Watching;

/// <summary>
/// Finds files to take, as paperless-ngx does: inotify events (FileSystemWatcher) plus a full rescan at start and
/// every RescanSeconds, or, for network shares that send no events, a full scan every PollSeconds. Candidates wait
/// in a <see cref="StabilityTracker"/> until unchanged for StableSeconds, then go to <see cref="FolderIntake"/>.
/// Only entries <see cref="InputFolder.Inspect"/> calls files are candidates; a refused one (symlink, FIFO, socket,
/// device, a path through a symlinked folder) is logged once and left alone. Symlinked folders are never entered.
/// </summary>
public sealed class FolderWatcher(FolderIntake intake, InputFolder folder, IOptions<WatchOptions> options, TimeProvider clock,
    ILogger<FolderWatcher> log) : BackgroundService
{
    readonly WatchOptions _o = options.Value;
    readonly ConcurrentDictionary<string, byte> _events = new();
    readonly HashSet<string> _pending = [];
    /// <summary>Files already taken, with the size and mtime they had: not hashed again until they change.</summary>
    readonly Dictionary<string, (long, DateTime)> _taken = [];
    /// <summary>Refused entries with the reason already logged: logged again only when the reason changes.</summary>
    readonly Dictionary<string, string> _refused = [];
    volatile bool _rescanNow = true;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var input = Path.GetFullPath(_o.Input);
        var ignore = new IgnorePatterns(_o.Ignore);
        var tracker = new StabilityTracker(TimeSpan.FromSeconds(_o.StableSeconds), clock);
        using var watcher = _o.Polling ? null : StartWatcher(input);
        var scanEvery = TimeSpan.FromSeconds(_o.Polling ? _o.PollSeconds : _o.RescanSeconds);
        var tick = TimeSpan.FromSeconds(Math.Clamp(_o.StableSeconds / 4, 0.05, 1));
        var lastScan = DateTimeOffset.MinValue;
        var lastForget = clock.GetUtcNow();
        log.LogInformation("watching {Input} ({Mode})", input, _o.Polling ? $"polling every {_o.PollSeconds} s" : "inotify + rescan");
        while (!stopping.IsCancellationRequested)
        {
            if (clock.GetUtcNow() - lastForget >= TimeSpan.FromSeconds(_o.RescanSeconds))
            {
                // Taken files still here (queued, or done but not yet moved: processed/ was not writable) are taken
                // again once per rescan period, which finishes any move that failed.
                _taken.Clear();
                lastForget = clock.GetUtcNow();
            }
            if (_rescanNow || clock.GetUtcNow() - lastScan >= scanEvery)
            {
                _rescanNow = false;
                lastScan = clock.GetUtcNow();
                foreach (var f in Scan(input)) _pending.Add(f);
            }
            foreach (var path in _events.Keys) { _events.TryRemove(path, out _); _pending.Add(path); }
            foreach (var path in _pending.ToArray())
            {
                var entry = ignore.Ignores(Path.GetRelativePath(input, path)) ? new InputEntry(EntryKind.Gone) : folder.Inspect(path);
                if (entry.Kind != EntryKind.File) { Drop(path, tracker); Refuse(path, entry.Problem); continue; }
                if (IsTakenUnchanged(path)) { _pending.Remove(path); continue; }
                if (!tracker.IsStable(path)) continue;
                _pending.Remove(path);
                try
                {
                    var info = new FileInfo(path);
                    var seen = (info.Length, info.LastWriteTimeUtc);
                    if (await intake.TakeAsync(path, stopping) && File.Exists(path)) _taken[path] = seen;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    log.LogError("{Path}: cannot take the file: {Message}; retried at the next scan", path, e.Message);
                }
            }
            await Task.Delay(tick, clock, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    void Drop(string path, StabilityTracker tracker)
    {
        _pending.Remove(path);
        _taken.Remove(path);
        tracker.Forget(path);
    }

    void Refuse(string path, string? problem)
    {
        if (problem is null) { _refused.Remove(path); return; }
        if (_refused.TryGetValue(path, out var logged) && logged == problem) return;
        _refused[path] = problem;
        log.LogWarning("{Name}: {Problem}; left alone", folder.Relative(path), problem);
    }

    bool IsTakenUnchanged(string path)
    {
        if (!_taken.TryGetValue(path, out var seen)) return false;
        var info = new FileInfo(path);
        if (seen == (info.Length, info.LastWriteTimeUtc)) return true;
        _taken.Remove(path);
        return false;
    }

    IEnumerable<string> Scan(string input)
    {
        var files = new List<string>();
        try
        {
            // Files and symlinks (to files or folders: each is looked at, and refused unless followed); no symlinked folder is entered.
            var enumeration = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
            files.AddRange(new FileSystemEnumerable<string>(input, (ref FileSystemEntry e) => e.ToFullPath(), enumeration)
            {
                ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory || IsLink(e),
                ShouldRecursePredicate = (ref FileSystemEntry e) => !IsLink(e),
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogError("{Input}: cannot scan the folder: {Message}", input, e.Message);
        }
        foreach (var stale in _taken.Keys.Where(p => !File.Exists(p)).ToArray()) _taken.Remove(stale);
        foreach (var stale in _refused.Keys.Except(files).ToArray()) _refused.Remove(stale);
        return files;
    }

    static bool IsLink(in FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) != 0;

    FileSystemWatcher StartWatcher(string input)
    {
        var w = new FileSystemWatcher(input)
        {
            IncludeSubdirectories = true, InternalBufferSize = 1 << 16,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite,
        };
        FileSystemEventHandler changed = (_, e) => Seen(e.FullPath);
        w.Created += changed;
        w.Changed += changed;
        w.Renamed += (_, e) => Seen(e.FullPath);
        // Events were lost (queue overflow): only a full scan knows what is there now.
        w.Error += (_, e) => { log.LogWarning("inotify: {Message}; rescanning", e.GetException().Message); _rescanNow = true; };
        w.EnableRaisingEvents = true;
        return w;
    }

    void Seen(string path)
    {
        // A folder moved in brings files that raise no events of their own.
        if (Directory.Exists(path)) _rescanNow = true;
        else _events.TryAdd(path, 0);
    }
}
