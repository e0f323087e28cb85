using System.Text.Json;
using LongDoc.Testing.ModelStores;

namespace LongDoc.Cli.Tests.Commands;

/// <summary>`longdoc models` over fake Ollama and Hugging Face stores (the environment points the child process at them).</summary>
public sealed class ModelsCommandTests(FakeModelStores stores) : IClassFixture<FakeModelStores>
{
    CliRunner.Result Run(params string[] args) => CliRunner.Run(TimeSpan.FromMinutes(2), new Dictionary<string, string?>
    {
        ["OLLAMA_MODELS"] = stores.Ollama, ["HF_HUB_CACHE"] = stores.Hub, ["LONGDOC_MODEL"] = null,
        ["XDG_CONFIG_HOME"] = Path.Combine(stores.Root, "no-config"),
    }, args);

    [Fact]
    public void Models_Json_ListsEveryEntryWithItsFacts()
    {
        var r = Run("models", "--format", "json");

        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal(5, models.Count);
        var tiny = models["tiny:latest"];
        Assert.Equal("qwen3moe", tiny.GetProperty("architecture").GetString());
        Assert.Equal("Q8_0", tiny.GetProperty("quantization").GetString());
        Assert.Equal(new FileInfo(stores.TinyBlob).Length, tiny.GetProperty("sizeBytes").GetInt64());
        Assert.False(models["oldgpt:latest"].GetProperty("supported").GetBoolean());
        Assert.Contains("broken", models["broken:1b"].GetProperty("error").GetString());
        Assert.Equal("tiny:latest (ollama)", json.RootElement.GetProperty("defaultModel").GetString());
    }

    [Fact]
    public void Models_Text_OneLinePerModelAndTheUnsupportedMarked()
    {
        var r = Run("models");

        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n');
        Assert.StartsWith("NAME", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("oldgpt:latest") && l.Contains("gpt2 (unsupported)"));
        Assert.Contains(lines, l => l.StartsWith("acme/tiny-moe") && l.Contains("qwen3moe") && l.Contains("F32"));
        Assert.Contains(lines, l => l.StartsWith("broken:1b") && l.Contains("error"));
        Assert.Contains(lines, l => l.StartsWith("supported architectures: qwen3moe"));
    }
}
