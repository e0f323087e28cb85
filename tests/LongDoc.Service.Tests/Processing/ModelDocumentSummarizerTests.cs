using LongDoc.Documents.Readers;
using LongDoc.Service.Http;
using LongDoc.Service.Processing;
using LongDoc.Service.Tests.Infrastructure;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Summaries;
using LongDoc.Testing.RandomModels;
using LongDoc.Service.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Tests.Processing;

/// <summary>The service's summaries with a configured model: the model writes them (tiny random model, so the words are noise).</summary>
public sealed class ModelDocumentSummarizerTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-summary-model-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Summarize_ModelConfigured_ModelModeMarkdownNamingTheModel()
    {
        var path = Path.Combine(_dir.FullName, "tiny.gguf");
        RandomModelWriter.WriteGguf(new RandomModelSpec { Seed = 7, Context = 4096 }, path);
        var model = Options.Create(new ModelOptions { Path = path, ChatTemplate = "chatml", ContextSize = 4096, Threads = 2, DefaultMaxTokens = 8 });
        using var shared = new SharedModel(model);
        var summarizer = new ModelDocumentSummarizer(shared, Options.Create(new SummaryOptions { Style = SummaryStyle.Brief }));
        var document = DocumentReaders.ReadFile(Path.Combine(AppContext.BaseDirectory, "samples", "vellmark-visitor-faq.md"));

        var phases = new PhaseRecorder();
        var markdown = await summarizer.SummarizeAsync(document, phases, CancellationToken.None);

        Assert.Contains("Summary written by the language model tiny.gguf", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(SummaryMarkdown.ExtractiveLabel, markdown, StringComparison.Ordinal);
        Assert.NotEmpty(phases.Phases);
        Assert.All(phases.Phases, p => Assert.StartsWith(Phases.Summarizing, p, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("map 2/5", "summarizing 2/5")]
    [InlineData("map 12/12", "summarizing 12/12")]
    [InlineData("reading", "summarizing")]
    [InlineData("reduce", "summarizing")]
    [InlineData("map x/5", "summarizing")]
    public void StageProgress_SummarizerStage_PhaseWithMapPiece(string stage, string expected)
    {
        var phases = new PhaseRecorder();
        new StageProgress(phases).Report(new TaskProgress(stage, 1, 3));
        Assert.Equal(expected, Assert.Single(phases.Phases));
    }

    [Theory]
    [InlineData(true, typeof(ModelDocumentSummarizer))]
    [InlineData(false, typeof(ExtractiveDocumentSummarizer))]
    public void Registration_ModelPathSetOrNot_PicksSummarizer(bool configured, Type expected)
    {
        var path = Path.Combine(_dir.FullName, "named.gguf");
        File.WriteAllBytes(path, [0]);   // only resolved, never loaded: the model loads on first summary
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Model:Path"] = configured ? path : null });
        builder.AddLongDocJobs();
        using var services = builder.Services.BuildServiceProvider();
        Assert.IsType(expected, services.GetRequiredService<IDocumentSummarizer>());
    }
}
