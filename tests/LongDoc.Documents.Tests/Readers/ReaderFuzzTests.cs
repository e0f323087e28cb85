using LongDoc.Testing.Fuzzing;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>
/// The readers against mutated real files (LongDoc.Testing's Fuzzing: bit flips, truncation, splices, duplicated
/// ranges, re-pointed PDF references, scrambled streams, mutated zip entries): a fixed seed and 200 cases per format,
/// so a run is repeatable. Each bad file must give a clean one-line error naming it, or be read; never another
/// exception, never a hang. The benchmark's `fuzz` command runs the same cases for longer, in a child process.
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    const int Seed = 20261207;
    const int Cases = 200;
    readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("longdoc-fuzz-");
    public void Dispose() => _scratch.Delete(recursive: true);

    [Theory]
    [InlineData("pdf")]
    [InlineData("docx")]
    [InlineData("pptx")]
    [InlineData("xlsx")]
    [InlineData("html")]
    public void Reader_MutatedRealFiles_CleanErrorOrReadWithinTimeLimit(string format)
    {
        var sources = FuzzSources.Load(format, FuzzSources.RepoRoot(AppContext.BaseDirectory), _scratch.FullName)
            .Where(s => s.Bytes.Length <= 100_000).ToList();   // small files: the same code paths, faster
        Assert.NotEmpty(sources);
        var findings = FuzzInProcess.Findings(format, sources, Seed, Cases, TimeSpan.FromSeconds(10), _scratch.FullName);
        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }
}
