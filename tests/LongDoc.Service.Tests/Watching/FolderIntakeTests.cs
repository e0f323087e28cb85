using LongDoc.Service.Jobs;
using LongDoc.Service.Tests.Infrastructure;
using LongDoc.Service.Watching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Tests.Watching;

/// <summary>Taking files into the store: a followed symlink and its target are one file, never each other's duplicate.</summary>
public sealed class FolderIntakeTests : IDisposable
{
    readonly WatchFolders _f = new();
    readonly SqliteJobStore _store;
    readonly FolderIntake _intake;

    public FolderIntakeTests()
    {
        var watch = Options.Create(new WatchOptions { Input = _f.In, Output = _f.Out, FollowSymlinks = true });
        var folder = new InputFolder(watch);
        _store = new SqliteJobStore(Path.Combine(_f.State, "jobs.db"));
        _store.InitializeAsync().GetAwaiter().GetResult();
        _intake = new FolderIntake(_store, new FolderResults(watch, folder, NullLogger<FolderResults>.Instance), folder, new JobSignal(),
            Options.Create(new JobOptions()), NullLogger<FolderIntake>.Instance);
    }

    public void Dispose()
    {
        _store.Dispose();
        _f.Dispose();
    }

    [Fact]
    public async Task Take_TargetOfAFollowedLinkAlreadyQueued_LeftInPlaceNotADuplicate()
    {
        var target = Path.Combine(_f.In, "docs", "b.md");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, WatchFolders.Markdown(4));
        var alias = Path.Combine(_f.In, "alias.md");
        File.CreateSymbolicLink(alias, target);

        Assert.True(await _intake.TakeAsync(alias, default));
        Assert.True(await _intake.TakeAsync(target, default));

        Assert.Equal(WatchFolders.Markdown(4), File.ReadAllText(target));
        Assert.False(Directory.Exists(Path.Combine(_f.Out, "duplicates")));
        var job = Assert.Single(await _store.ListAsync(10));
        Assert.Equal((alias, JobState.Queued), (job.Source, job.State));
    }

    [Fact]
    public async Task Take_SameBytesUnderAnotherName_SetAsideAsDuplicate()
    {
        File.WriteAllText(Path.Combine(_f.In, "a.md"), WatchFolders.Markdown(4));
        File.WriteAllText(Path.Combine(_f.In, "copy.md"), WatchFolders.Markdown(4));

        Assert.True(await _intake.TakeAsync(Path.Combine(_f.In, "a.md"), default));
        Assert.True(await _intake.TakeAsync(Path.Combine(_f.In, "copy.md"), default));

        Assert.False(File.Exists(Path.Combine(_f.In, "copy.md")));
        Assert.Equal(WatchFolders.Markdown(4), File.ReadAllText(Path.Combine(_f.Out, "duplicates", "copy.md")));
    }
}
