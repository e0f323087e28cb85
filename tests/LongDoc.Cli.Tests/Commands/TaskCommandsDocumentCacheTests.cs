using System.Text.RegularExpressions;

namespace LongDoc.Cli.Tests.Commands;

/// <summary>
/// The document KV cache on disk across processes: the first ask prefills the document and saves it, a second
/// process restores it (and answers the same under greedy sampling); another context size or attention setting is
/// another key; --no-cache writes nothing.
/// </summary>
public class TaskCommandsDocumentCacheTests : IClassFixture<TaskCommandsTests.ModelFile>
{
    readonly TaskCommandsTests.ModelFile _model;
    public TaskCommandsDocumentCacheTests(TaskCommandsTests.ModelFile model) => _model = model;

    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    CliRunner.Result Ask(string cacheDir, string question, params string[] extra) =>
        CliRunner.Run(Timeout, _model.NoModels, ["ask", CliRunner.Sample("vellmark-visitor-faq.md"), question, "--model", _model.Path,
            "--chat-template", "chatml", "-n", "6", "--format", "json", "--cache-dir", cacheDir, .. extra]);

    static int Tokens(string stderr, string verb)
    {
        var match = Regex.Match(stderr, $@"document cache: {verb} (\d+) tokens");
        Assert.True(match.Success, $"no \"document cache: {verb}\" line in:\n{stderr}");
        return int.Parse(match.Groups[1].Value);
    }

    static int Files(string dir) => Directory.Exists(dir) ? Directory.GetFiles(dir, "*.ldkv").Length : 0;

    string NewDir() => Path.Combine(_model.Dir, "kv-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Ask_SecondProcess_RestoresDocumentAndAnswersTheSame()
    {
        string dir = NewDir();
        var first = Ask(dir, "How fast is the internet?", "--ctx", "4096");
        Assert.True(first.ExitCode == 0, first.Stderr);
        int saved = Tokens(first.Stderr, "saved");
        Assert.Equal(1, Files(dir));

        var second = Ask(dir, "How fast is the internet?", "--ctx", "4096");
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal(saved, Tokens(second.Stderr, "restored"));
        Assert.DoesNotContain("document cache: saved", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(1, Files(dir));
    }

    [Fact]
    public void Ask_ContextOrAttentionChanged_MissAndNewFile()
    {
        string dir = NewDir();
        Tokens(Ask(dir, "What is the minimum age?", "--ctx", "4096").Stderr, "saved");
        var otherContext = Ask(dir, "What is the minimum age?", "--ctx", "8192");
        Tokens(otherContext.Stderr, "saved");
        Assert.DoesNotContain("document cache: restored", otherContext.Stderr, StringComparison.Ordinal);
        var otherAttention = Ask(dir, "What is the minimum age?", "--ctx", "4096", "--attention", "dense");
        Tokens(otherAttention.Stderr, "saved");
        Assert.DoesNotContain("document cache: restored", otherAttention.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, Files(dir));
    }

    [Fact]
    public void Ask_NoCache_WritesNothing()
    {
        string dir = NewDir();
        var r = Ask(dir, "How fast is the internet?", "--ctx", "4096", "--no-cache");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.DoesNotContain("document cache", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any(), $"{dir} has files");
    }
}
