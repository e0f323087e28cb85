using LongDoc.Service.Hosting;
using LongDoc.Service.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Tests.Hosting;

/// <summary>Options are validated when the host starts, each failure naming its key.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public async Task Serve_BeyondLoopbackWithoutKeys_RefusedNamingTheKey()
    {
        var state = Directory.CreateTempSubdirectory("longdoc-validate-");
        var e = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = LongDocHost.BuildServe([], new Dictionary<string, string?> { ["Http:Urls"] = "http://0.0.0.0:0", ["Jobs:StateFolder"] = state.FullName }, new Dictionary<string, string?>());
            await app.StartAsync();
        });
        Assert.Contains(e.Failures, f => f.Contains("set Http:KeyFile"));
        state.Delete(recursive: true);
    }

    [Fact]
    public void Watch_MissingInputFolder_ExitsWithTheFolderNamed()
    {
        using var f = new WatchFolders();
        var missing = Path.Combine(f.Root, "nowhere");
        using var watch = new LongDocProcess(null, "watch", missing, "--out", f.Out);
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, watch.ExitCode);
        Assert.Contains($"invalid configuration: Watch:Input: the folder {missing} does not exist", watch.Stderr);
    }

    [Fact]
    public void Watch_EnvironmentVariableOutOfRange_ExitsNamingTheKey()
    {
        using var f = new WatchFolders();
        using var watch = new LongDocProcess(new Dictionary<string, string> { ["LONGDOC__Jobs__MaxAttempts"] = "0" }, "watch", f.In, "--out", f.Out);
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, watch.ExitCode);
        Assert.Contains("MaxAttempts", watch.Stderr);
    }

    [Fact]
    public void Watch_NotANumber_ExitsNamingTheKey()
    {
        using var f = new WatchFolders();
        using var watch = new LongDocProcess(null, "watch", f.In, "--out", f.Out, "--Watch:StableSeconds=soon");
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, watch.ExitCode);
        Assert.Contains("invalid configuration: Failed to convert configuration value 'soon' at 'Watch:StableSeconds'", watch.Stderr);
    }

    [Fact]
    public async Task Watch_CommandLineOverridesEnvironment_CommandLineWins()
    {
        using var f = new WatchFolders();
        var previous = Environment.GetEnvironmentVariable("LONGDOC__Watch__StableSeconds");
        Environment.SetEnvironmentVariable("LONGDOC__Watch__StableSeconds", "11");
        try
        {
            using var host = LongDocHost.BuildWatch(["--Watch:PollSeconds=3"], new Dictionary<string, string?> { ["Watch:Input"] = f.In, ["Watch:Output"] = f.Out, ["Jobs:StateFolder"] = f.State },
                new Dictionary<string, string?> { ["Watch:PollSeconds"] = "9", ["Watch:RescanSeconds"] = "17" });
            var o = ((IOptions<LongDoc.Service.Watching.WatchOptions>)host.Services.GetService(typeof(IOptions<LongDoc.Service.Watching.WatchOptions>))!).Value;
            Assert.Equal((11.0, 3.0, 17.0), (o.StableSeconds, o.PollSeconds, o.RescanSeconds));
        }
        finally { Environment.SetEnvironmentVariable("LONGDOC__Watch__StableSeconds", previous); }
        await Task.CompletedTask;
    }
}
