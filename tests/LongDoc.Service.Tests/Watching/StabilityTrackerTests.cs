using LongDoc.Service.Tests.Infrastructure;
using LongDoc.Service.Watching;

namespace LongDoc.Service.Tests.Watching;

public sealed class StabilityTrackerTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-stable-");
    readonly ManualClock _clock = new();

    [Fact]
    public void IsStable_UnchangedForTheDelay_TrueOnlyAfterIt()
    {
        var path = Path.Combine(_dir.FullName, "a.md");
        File.WriteAllText(path, "one");
        var tracker = new StabilityTracker(TimeSpan.FromSeconds(5), _clock);
        Assert.False(tracker.IsStable(path));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(tracker.IsStable(path));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(tracker.IsStable(path));
    }

    [Fact]
    public void IsStable_GrowsDuringTheDelay_WaitStartsAgain()
    {
        var path = Path.Combine(_dir.FullName, "a.md");
        File.WriteAllText(path, "one");
        var tracker = new StabilityTracker(TimeSpan.FromSeconds(5), _clock);
        tracker.IsStable(path);
        _clock.Advance(TimeSpan.FromSeconds(4));
        File.AppendAllText(path, " two");
        Assert.False(tracker.IsStable(path));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(tracker.IsStable(path));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(tracker.IsStable(path));
    }

    [Fact]
    public void IsStable_FileDeleted_FalseAndForgotten()
    {
        var path = Path.Combine(_dir.FullName, "a.md");
        File.WriteAllText(path, "one");
        var tracker = new StabilityTracker(TimeSpan.FromSeconds(1), _clock);
        tracker.IsStable(path);
        File.Delete(path);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(tracker.IsStable(path));
        Assert.Equal(0, tracker.Count);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
