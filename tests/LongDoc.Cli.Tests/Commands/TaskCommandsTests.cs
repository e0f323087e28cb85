using System.Text.Json;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Cli.Tests.Commands;

/// <summary>summarize, ask and chat end to end on the samples: extractive without a model, and with a tiny random one.</summary>
public class TaskCommandsTests : IClassFixture<TaskCommandsTests.ModelFile>
{
    public sealed class ModelFile : IDisposable
    {
        public readonly string Path;
        /// <summary>A machine with no model anywhere: no LONGDOC_MODEL, no appsettings, empty Ollama and Hugging Face stores.</summary>
        public readonly IReadOnlyDictionary<string, string?> NoModels;
        readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-cli-tasks-");
        public ModelFile()
        {
            Path = System.IO.Path.Combine(_dir.FullName, "tiny.gguf");
            RandomModelWriter.WriteGguf(new RandomModelSpec { Seed = 5, Context = 8192 }, Path);
            NoModels = Empty(_dir.FullName);
        }
        public string Dir => _dir.FullName;
        public static IReadOnlyDictionary<string, string?> Empty(string root) => new Dictionary<string, string?>
        {
            ["LONGDOC_MODEL"] = null,
            ["XDG_CONFIG_HOME"] = Directory.CreateDirectory(System.IO.Path.Combine(root, "config")).FullName,
            ["OLLAMA_MODELS"] = Directory.CreateDirectory(System.IO.Path.Combine(root, "ollama")).FullName,
            ["HF_HUB_CACHE"] = Directory.CreateDirectory(System.IO.Path.Combine(root, "hub")).FullName,
            ["XDG_CACHE_HOME"] = Directory.CreateDirectory(System.IO.Path.Combine(root, "cache")).FullName,
        };
        public void Dispose() => _dir.Delete(recursive: true);
    }

    readonly ModelFile _model;
    public TaskCommandsTests(ModelFile model) => _model = model;

    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    CliRunner.Result Run(params string[] args) => CliRunner.Run(Timeout, _model.NoModels, args);
    CliRunner.Result RunWithInput(string stdin, params string[] args) => CliRunner.RunWithInput(Timeout, _model.NoModels, stdin, args);

    [Fact]
    public void Summarize_PdfWithoutModel_LabelledExtractiveMarkdownOnStdout()
    {
        var r = Run("summarize", CliRunner.Sample("vellmark-annual-report-2025.pdf"));
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("# Summary: Vellmark Station Annual Report 2025", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Extractive summary (no language model)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("[p. 3]", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("extractive", r.Stderr, StringComparison.Ordinal);       // progress and mode go to stderr
        Assert.DoesNotContain("longdoc:", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Summarize_OutlineJsonToFile_SectionsWithPageRanges()
    {
        var output = Path.Combine(Path.GetTempPath(), $"longdoc-summary-{Guid.NewGuid():N}.json");
        try
        {
            var r = Run("summarize", CliRunner.Sample("vellmark-logistics-memo-2026.docx"), "--style", "outline", "--format", "json", "--out", output);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal("", r.Stdout);
            using var json = JsonDocument.Parse(File.ReadAllText(output));
            var root = json.RootElement;
            Assert.Equal("extractive", root.GetProperty("mode").GetString());
            Assert.Equal("outline", root.GetProperty("style").GetString());
            var appendix = root.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("heading").GetString() == "Appendix A: Emergency Contacts");
            Assert.Equal(2, appendix.GetProperty("firstPage").GetInt32());
        }
        finally { File.Delete(output); }
    }

    [Fact]
    public void Ask_JsonWithoutModel_ShapeAndCitedPage()
    {
        var r = Run("ask", CliRunner.Sample("vellmark-annual-report-2025.pdf"), "Who led the ice core drilling project?", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        var root = json.RootElement;
        Assert.Equal(["answer", "mode", "citations", "pagesRead"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("extractive", root.GetProperty("mode").GetString());
        var first = root.GetProperty("citations")[0];
        Assert.Equal(["page", "lastPage", "section", "quote", "verified"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(13, first.GetProperty("page").GetInt32());
        Assert.Contains("Dr. Amara Okonjo", first.GetProperty("quote").GetString(), StringComparison.Ordinal);
        Assert.True(first.GetProperty("verified").GetBoolean());
        Assert.Equal(25, root.GetProperty("pagesRead").GetArrayLength());
    }

    [Fact]
    public void Ask_MissingFile_ExitTwoAndNamesIt()
    {
        var r = Run("ask", "/nonexistent/report.pdf", "Anything?");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("/nonexistent/report.pdf", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Chat_QuestionsOnStdin_OneJsonAnswerPerLine()
    {
        var r = RunWithInput("From which port does the summer crew sail?\n\nWho won the chess tournament?\n",
            "chat", CliRunner.Sample("vellmark-logistics-memo-2026.docx"), "--format", "json");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Contains("Port Caledon", first.RootElement.GetProperty("citations")[0].GetProperty("quote").GetString(), StringComparison.Ordinal);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("Not in the document.", second.RootElement.GetProperty("answer").GetString());
    }

    /// <summary>
    /// The answer shares no word with the question: BM25 alone says "not in the document", the default hybrid search
    /// quotes it. The second run loads the passage vectors from the cache instead of embedding again.
    /// </summary>
    [Fact]
    public void Ask_WithoutModel_HybridFindsByMeaningLexicalDoesNot()
    {
        var root = Directory.CreateTempSubdirectory("longdoc-cli-hybrid-");
        try
        {
            var env = ModelFile.Empty(root.FullName);
            string faq = CliRunner.Sample("vellmark-visitor-faq.md");
            const string question = "How fast is the internet connection?";
            var lexical = CliRunner.Run(Timeout, env, "ask", faq, question, "--retrieval", "lexical");
            Assert.Equal(0, lexical.ExitCode);
            Assert.Contains("Not in the document.", lexical.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("embedding", lexical.Stderr, StringComparison.Ordinal);

            var hybrid = CliRunner.Run(Timeout, env, "ask", faq, question);
            Assert.True(hybrid.ExitCode == 0, hybrid.Stderr);
            Assert.Contains("1. \"The satellite link provides 40 megabits per second", hybrid.Stdout, StringComparison.Ordinal);
            Assert.Contains("embedding passages: 30/30", hybrid.Stderr, StringComparison.Ordinal);
            Assert.Single(Directory.GetFiles(Path.Combine(root.FullName, "cache", "longdoc", "embeddings")));

            var again = CliRunner.Run(Timeout, env, "ask", faq, question, "--format", "json");
            Assert.True(again.ExitCode == 0, again.Stderr);
            Assert.DoesNotContain("embedding passages", again.Stderr, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(again.Stdout);
            Assert.Contains("40 megabits", json.RootElement.GetProperty("citations")[0].GetProperty("quote").GetString(), StringComparison.Ordinal);
        }
        finally { root.Delete(recursive: true); }
    }

    [Fact]
    public void Ask_WithRandomModel_ModelModeJson()
    {
        var r = Run("ask", CliRunner.Sample("vellmark-visitor-faq.md"), "How fast is the internet?",
            "--model", _model.Path, "--chat-template", "chatml", "--ctx", "8192", "-n", "8", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal("model", json.RootElement.GetProperty("mode").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("pagesRead")[0].GetInt32());
        Assert.Contains("tokens prefilled", r.Stderr, StringComparison.Ordinal);   // plain progress lines: stderr is not a terminal
    }

    [Fact]
    public void Chat_WithRandomModel_StreamsEachAnswerWithPagesRead()
    {
        var r = RunWithInput("How fast is the internet?\nWhat is the minimum age?\n",
            "chat", CliRunner.Sample("vellmark-visitor-faq.md"), "--model", _model.Path, "--chat-template", "chatml", "--ctx", "8192", "-n", "4");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(2, r.Stdout.Split("Pages read: 1\n").Length - 1);
    }
}
