using LongDoc.Service.Hosting;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Tests.Hosting;

/// <summary>Model:Endpoint and its companions are validated when the host starts, each failure naming its key.</summary>
public sealed class ModelEndpointValidationTests
{
    static async Task<IEnumerable<string>> Failures(Dictionary<string, string?> model)
    {
        var state = Directory.CreateTempSubdirectory("longdoc-validate-model-");
        try
        {
            var settings = new Dictionary<string, string?>(model) { ["Http:Urls"] = "http://127.0.0.1:0", ["Jobs:StateFolder"] = state.FullName };
            var e = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
            {
                await using var app = LongDocHost.BuildServe([], settings, new Dictionary<string, string?>());
                await app.StartAsync();
            });
            return e.Failures;
        }
        finally { state.Delete(recursive: true); }
    }

    [Fact]
    public async Task Serve_PathAndEndpoint_RefusedBoth()
    {
        var gguf = Path.GetTempFileName();
        try
        {
            var failures = await Failures(new() { ["Model:Path"] = gguf, ["Model:Endpoint"] = "http://gpu1:8000/v1" });
            Assert.Contains("Model:Path and Model:Endpoint are both set: the model runs here or on an engine, not both", failures);
        }
        finally { File.Delete(gguf); }
    }

    [Fact]
    public async Task Serve_EndpointNotHttpAndKeyFileMissing_BothNamed()
    {
        var failures = (await Failures(new() { ["Model:Endpoint"] = "ftp://gpu1/v1", ["Model:ApiKeyFile"] = "/nonexistent/engine.key" })).ToList();
        Assert.Contains(failures, f => f.StartsWith("Model:Endpoint: model endpoint 'ftp://gpu1/v1': not an http(s) URL", StringComparison.Ordinal));
        Assert.Contains("Model:ApiKeyFile: /nonexistent/engine.key does not exist", failures);
    }
}
