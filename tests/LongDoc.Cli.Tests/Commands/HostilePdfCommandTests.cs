using LongDoc.Testing.Documents;

namespace LongDoc.Cli.Tests.Commands;

/// <summary>A PDF whose objects refer to each other in a loop: one line naming the file and exit code 2, not a stack overflow.</summary>
public sealed class HostilePdfCommandTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-cli-hostile-");
    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData("summarize")]
    [InlineData("extract")]
    public void Command_PdfWithReferenceLoop_ExitsTwoWithOneLineNamingTheFile(string command)
    {
        var path = Path.Combine(_dir.FullName, "loop.pdf");
        File.WriteAllBytes(path, PdfObjectFiles.MutualReferences());
        var r = CliRunner.Run(TimeSpan.FromMinutes(2), command, path);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"longdoc: {path}: malformed PDF: object 5 refers to itself through object 6 (a cycle in the object graph)", line);
        Assert.Equal("", r.Stdout);
    }
}
