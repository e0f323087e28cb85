using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LongDoc.Service.Http;
using LongDoc.Service.Tests.Infrastructure;
using LongDoc.Testing.RandomModels;
using Microsoft.Extensions.DependencyInjection;

namespace LongDoc.Service.Tests.Http;

/// <summary>
/// Model:Device in the service: the same tiny random qwen3moe answers one question on the CPU and on the simulated
/// CUDA device (its first layer on the device, the second on the CPU: Model:GpuLayers 1), and /v1/models shows the
/// settings before the model loads and the device and placement after.
/// </summary>
public sealed class ModelDeviceServiceTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-model-device-");

    public void Dispose() => _dir.Delete(recursive: true);

    sealed record Run(string Answer, string Citations, JsonElement CardBefore, JsonElement CardAfter, int Loads);

    async Task<Run> AskAsync(string model, string device, string gpuLayers)
    {
        await using var server = await ApiServer.StartAsync(new()
        {
            ["Model:Path"] = model, ["Model:ChatTemplate"] = "chatml", ["Model:ContextSize"] = "1024", ["Model:DefaultMaxTokens"] = "8",
            ["Model:Device"] = device, ["Model:GpuLayers"] = gpuLayers,
        });
        using var client = server.Client();
        var before = Card(await client.GetStringAsync("/v1/models"));
        var id = await ApiServer.UploadAsync(client, "ferry.md", "# Ferry timetable\n\nThe winter ferry leaves Skarn harbour at 07:40 every Tuesday.\n");
        await ApiServer.WaitForAsync(client, id, "done", TimeSpan.FromMinutes(3));
        var response = await client.PostAsJsonAsync($"/v1/documents/{id}/ask", new { question = "When does the winter ferry leave?" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = AskAndChatApiTests.Events(await response.Content.ReadAsStringAsync());
        Assert.Equal("done", events[^1].Event);
        var after = Card(await client.GetStringAsync("/v1/models"));
        return new Run(string.Concat(events.Where(e => e.Event == "answer").Select(e => e.Data)), events.Single(e => e.Event == "citations").Data,
            before, after, server.Services.GetRequiredService<SharedModel>().Loads);
    }

    static JsonElement Card(string models) => JsonDocument.Parse(models).RootElement.GetProperty("data")[0].Clone();

    [Fact]
    public async Task Ask_CudaSimWithOneLayerOnTheDevice_SameAnswerAndCitationsAsCpu()
    {
        var path = Path.Combine(_dir.FullName, "tiny.gguf");
        RandomModelWriter.WriteGguf(new RandomModelSpec { Seed = 11, Context = 1024 }, path);

        var cpu = await AskAsync(path, "cpu", "auto");
        var sim = await AskAsync(path, "cuda-sim", "1");

        Assert.NotEmpty(cpu.Answer);
        Assert.Equal(cpu.Answer, sim.Answer);
        Assert.Equal(cpu.Citations, sim.Citations);
        Assert.Equal((1, 1), (cpu.Loads, sim.Loads));

        Assert.Equal("cuda-sim, gpu-layers 1, experts gpu", sim.CardBefore.GetProperty("device_setting").GetString());
        Assert.False(sim.CardBefore.TryGetProperty("device", out _));
        Assert.Equal("cuda-sim", sim.CardAfter.GetProperty("device").GetString());
        Assert.StartsWith("placement: 0..0 on the device, 1..1 on the host; device ", sim.CardAfter.GetProperty("placement").GetString());
        Assert.Equal("cpu", cpu.CardAfter.GetProperty("device").GetString());
        Assert.False(cpu.CardAfter.TryGetProperty("placement", out _));
        Assert.Equal(1024, sim.CardAfter.GetProperty("max_model_len").GetInt32());
        Assert.Equal("model", sim.CardAfter.GetProperty("object").GetString());
    }
}
