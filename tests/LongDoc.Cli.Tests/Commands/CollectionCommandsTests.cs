using System.Text.Json;

namespace LongDoc.Cli.Tests.Commands;

/// <summary>ask and chat over several documents and folders, extractive (no model anywhere), lexical search (no embedding time).</summary>
public sealed class CollectionCommandsTests : IClassFixture<TaskCommandsTests.ModelFile>, IDisposable
{
    readonly TaskCommandsTests.ModelFile _machine;
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-collection-");

    public CollectionCommandsTests(TaskCommandsTests.ModelFile machine)
    {
        _machine = machine;
        var folder = Directory.CreateDirectory(Path.Combine(_dir.FullName, "library", "memos"));
        File.Copy(CliRunner.Sample("vellmark-logistics-memo-2026.docx"), Path.Combine(folder.FullName, "memo.docx"));
        File.Copy(CliRunner.Sample("vellmark-visitor-faq.md"), Path.Combine(_dir.FullName, "library", "faq.md"));
        File.WriteAllBytes(Path.Combine(_dir.FullName, "library", "broken.pdf"), "%PDF-1.7 truncated"u8.ToArray());
        File.WriteAllText(Path.Combine(_dir.FullName, "library", ".hidden.md"), "# Hidden\n\nThe baggage allowance is 99 kilograms.");
    }

    string Library => Path.Combine(_dir.FullName, "library");

    CliRunner.Result Run(params string[] args) => CliRunner.Run(TimeSpan.FromMinutes(3), _machine.NoModels, [.. args, "--retrieval", "lexical"]);

    [Fact]
    public void Ask_FolderAndFileJson_CitationNamesTheDocumentOfItsQuote()
    {
        var r = Run("ask", Library, CliRunner.Sample("vellmark-annual-report-2025.pdf"), "Who led the ice core drilling project?", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        var root = json.RootElement;
        Assert.Equal(["answer", "mode", "citations", "documentsRead"], root.EnumerateObject().Select(p => p.Name));
        var first = root.GetProperty("citations")[0];
        Assert.Equal("vellmark-annual-report-2025.pdf", first.GetProperty("document").GetProperty("name").GetString());
        Assert.Equal(CliRunner.Sample("vellmark-annual-report-2025.pdf"), first.GetProperty("document").GetProperty("id").GetString());
        Assert.Equal(13, first.GetProperty("page").GetInt32());
        Assert.True(first.GetProperty("verified").GetBoolean());
        Assert.Equal(["library/faq.md", "library/memos/memo.docx", "vellmark-annual-report-2025.pdf"],
            root.GetProperty("documentsRead").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
    }

    [Fact]
    public void Ask_FolderWithUnreadableFile_OneStderrLineForItTheRestAnswered()
    {
        var r = Run("ask", Library, "What is the personal baggage allowance?");
        Assert.Equal(0, r.ExitCode);
        Assert.Single(r.Stderr.Split('\n'), l => l.Contains("broken.pdf", StringComparison.Ordinal));
        Assert.StartsWith("Extractive answer (no language model): the passages of the documents", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("25 kilograms", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("[library/memos/memo.docx, p. 1", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("99 kilograms", r.Stdout, StringComparison.Ordinal);       // hidden files are left out
    }

    [Fact]
    public void Ask_NothingReadable_ExitTwoNamingThePaths()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_dir.FullName, "empty")).FullName;
        var r = Run("ask", empty, Path.Combine(_dir.FullName, "missing.pdf"), "Anything?");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("missing.pdf", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("no document could be read", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Chat_CollectionJson_OneAnswerPerLineEachCitationWithItsDocument()
    {
        var r = CliRunner.RunWithInput(TimeSpan.FromMinutes(3), _machine.NoModels,
            "What is the minimum age for visitors?\nWho won the station chess tournament?\n",
            "chat", Library, "--format", "json", "--retrieval", "lexical");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("library/faq.md", first.RootElement.GetProperty("citations")[0].GetProperty("document").GetProperty("name").GetString());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("Not in the documents.", second.RootElement.GetProperty("answer").GetString());
    }

    [Fact]
    public void Ask_OneFile_SameOutputAsBefore()
    {
        var r = Run("ask", CliRunner.Sample("vellmark-visitor-faq.md"), "What is the minimum age for visitors?");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("Extractive answer (no language model): the passages of the document that best match", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("[p. 1", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("vellmark-visitor-faq.md,", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Summarize_FolderMarkdown_OverviewThenEachDocumentUnderItsLabel()
    {
        var r = CliRunner.Run(TimeSpan.FromMinutes(3), _machine.NoModels, "summarize", Library);
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("# Collection summary: library\n\n> Extractive collection summary (no language model)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("- [D1] library/faq.md: ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("## [D2] library/memos/memo.docx\n\n### Summary: ", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Summarize_TwoFilesJson_DocumentsWithIdsAndSummaries()
    {
        var faq = CliRunner.Sample("vellmark-visitor-faq.md");
        var r = CliRunner.Run(TimeSpan.FromMinutes(3), _machine.NoModels, "summarize", faq, CliRunner.Sample("vellmark-press-release-lichen.html"), "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        var documents = json.RootElement.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal((faq, "D1"), (documents[0].GetProperty("id").GetString(), documents[0].GetProperty("label").GetString()));
        Assert.StartsWith("# Summary: ", documents[1].GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal("extractive", json.RootElement.GetProperty("mode").GetString());
    }

    [Fact]
    public void Ask_CollectionWithTinyModel_ModelModeReadsEveryDocumentWhole()
    {
        var r = CliRunner.Run(TimeSpan.FromMinutes(3), _machine.NoModels, "ask", Library, "What is the personal baggage allowance?",
            "--model", _machine.Path, "--chat-template", "chatml", "--ctx", "8192", "-n", "8", "--no-cache", "--format", "json", "--retrieval", "lexical");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal("model", json.RootElement.GetProperty("mode").GetString());
        var read = json.RootElement.GetProperty("documentsRead").EnumerateArray().ToList();
        Assert.Equal(["library/faq.md", "library/memos/memo.docx"], read.Select(d => d.GetProperty("name").GetString()));
        Assert.Equal(2, read[1].GetProperty("pagesRead").GetArrayLength());
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
