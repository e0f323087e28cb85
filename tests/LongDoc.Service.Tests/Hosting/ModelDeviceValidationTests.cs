using LongDoc.Service.Hosting;
using LongDoc.Service.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Tests.Hosting;

/// <summary>Model:Device, Model:GpuLayers and Model:Experts are checked when the service or the watcher starts: one failure each, naming the key and the value.</summary>
public sealed class ModelDeviceValidationTests
{
    [Fact]
    public async Task Serve_BadDeviceSettings_RefusedNamingEachKey()
    {
        var state = Directory.CreateTempSubdirectory("longdoc-validate-device-");
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Http:Urls"] = "http://127.0.0.1:0", ["Jobs:StateFolder"] = state.FullName,
                ["Model:Device"] = "gpu0", ["Model:GpuLayers"] = "-1", ["Model:Experts"] = "ssd",
            };
            var e = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
            {
                await using var app = LongDocHost.BuildServe([], settings, new Dictionary<string, string?>());
                await app.StartAsync();
            });
            Assert.Contains("Model:Device: 'gpu0' is not auto, cpu, cuda or cuda-sim", e.Failures);
            Assert.Contains(e.Failures, f => f.StartsWith("Model:GpuLayers: '-1' is not auto, all or a number of layers", StringComparison.Ordinal));
            Assert.Contains("Model:Experts: 'ssd' is not gpu or cpu", e.Failures);
        }
        finally { state.Delete(recursive: true); }
    }

    [Fact]
    public void Watch_DeviceNotAWord_ExitsNamingTheKeyAndValue()
    {
        using var f = new WatchFolders();
        using var watch = new LongDocProcess(null, "watch", f.In, "--out", f.Out, "--Model:Device=cuda:1");
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, watch.ExitCode);
        Assert.Contains("invalid configuration: Model:Device: 'cuda:1' is not auto, cpu, cuda or cuda-sim", watch.Stderr);
    }

    [Fact]
    public void Serve_GpuLayersFlagNotACount_ExitsNamingTheKeyAndValue()
    {
        using var f = new WatchFolders();
        using var serve = new LongDocProcess(null, "serve", "--state", f.State, "--urls", "http://127.0.0.1:0", "--retrieval", "lexical", "--gpu-layers", "half");
        Assert.True(serve.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, serve.ExitCode);
        Assert.Contains("Model:GpuLayers: 'half' is not auto, all or a number of layers", serve.Stderr);
    }
}
