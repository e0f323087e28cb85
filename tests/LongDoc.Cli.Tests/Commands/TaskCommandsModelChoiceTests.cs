using System.Text.Json;

namespace LongDoc.Cli.Tests.Commands;

/// <summary>How summarize/ask/chat pick their model (ModelResolver) and when they run extractive.</summary>
public class TaskCommandsModelChoiceTests : IClassFixture<TaskCommandsTests.ModelFile>
{
    readonly TaskCommandsTests.ModelFile _model;
    public TaskCommandsModelChoiceTests(TaskCommandsTests.ModelFile model) => _model = model;

    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    const string Question = "How fast is the internet?";

    Dictionary<string, string?> Environment(string? modelVariable) => new(_model.NoModels) { ["LONGDOC_MODEL"] = modelVariable };

    [Fact]
    public void Ask_ExtractiveFlagWithModel_ExtractiveMode()
    {
        var r = CliRunner.Run(Timeout, _model.NoModels, "ask", CliRunner.Sample("vellmark-visitor-faq.md"), Question,
            "--model", _model.Path, "--extractive", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal("extractive", json.RootElement.GetProperty("mode").GetString());
        Assert.Contains("--extractive: extractive mode", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Ask_ModelFromEnvironment_OneLineNamesModelAndOrigin()
    {
        var r = CliRunner.Run(Timeout, Environment(_model.Path), "ask", CliRunner.Sample("vellmark-visitor-faq.md"), Question,
            "--chat-template", "chatml", "--ctx", "4096", "-n", "2", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal("model", json.RootElement.GetProperty("mode").GetString());
        var line = Assert.Single(r.Stderr.Split('\n'), l => l.Contains("model tiny.gguf", StringComparison.Ordinal) || l.Contains("model " + _model.Path, StringComparison.Ordinal));
        Assert.EndsWith("from LONGDOC_MODEL", line.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Ask_UnknownModelName_ExitTwoWithOneLine()
    {
        var r = CliRunner.Run(Timeout, _model.NoModels, "ask", CliRunner.Sample("vellmark-visitor-faq.md"), Question, "--model", "nosuch-model:7b");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        var line = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith("longdoc: --model nosuch-model:7b: no such file or folder", line, StringComparison.Ordinal);
    }
}
