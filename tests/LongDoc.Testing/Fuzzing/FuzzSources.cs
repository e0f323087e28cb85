using LongDoc.Testing.RandomModels;

namespace LongDoc.Testing.Fuzzing;

/// <summary>
/// The unmutated files per format: the repository's samples and the Documents tests' real files (found from the
/// repository root), and for GGUF a tiny random model written here. Files over 1 MB are left out: a mutation of a
/// small file exercises the same code, many times more often. So are earlier findings kept as test data ("fuzz-*").
/// </summary>
public static class FuzzSources
{
    const long MaxSourceBytes = 1 << 20;

    static readonly Dictionary<string, string[]> Folders = new()
    {
        ["pdf"] = ["samples", "tests/LongDoc.Documents.Tests/TestData/pdf"],
        ["docx"] = ["samples", "tests/LongDoc.Documents.Tests/TestData/docx"],
        ["html"] = ["samples"],
        ["pptx"] = ["tests/LongDoc.Documents.Tests/TestData/office"],
        ["xlsx"] = ["tests/LongDoc.Documents.Tests/TestData/office"],
    };

    public static List<(string Name, byte[] Bytes)> Load(string format, string repoRoot, string scratch)
    {
        if (format == "gguf") return [("tiny-qwen3.gguf", TinyGguf(scratch))];
        var ext = FuzzFormats.ByName[format].Extension;
        return [.. Folders[format]
            .Select(f => Path.Combine(repoRoot, f))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*" + ext))
            .Where(p => new FileInfo(p).Length <= MaxSourceBytes && !Path.GetFileName(p).StartsWith("fuzz-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => (Path.GetFileName(p), File.ReadAllBytes(p)))];
    }

    /// <summary>A one-layer dense model (a few tens of KB): every header field kind, little tensor data.</summary>
    public static byte[] TinyGguf(string scratch)
    {
        var path = Path.Combine(scratch, "tiny-qwen3.gguf");
        RandomModelWriter.WriteGguf(new RandomModelSpec
        {
            Architecture = "qwen3", Layers = 1, Embedding = 32, Heads = 2, KvHeads = 1, HeadDim = 16, Ffn = 32, Vocab = 260, Context = 64, Seed = 3,
        }, path);
        return File.ReadAllBytes(path);
    }

    /// <summary>The folder holding LongDoc.sln, from <paramref name="start"/> upwards.</summary>
    public static string RepoRoot(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "LongDoc.sln"))) return d.FullName;
        throw new DirectoryNotFoundException($"no LongDoc.sln above {start}");
    }
}
