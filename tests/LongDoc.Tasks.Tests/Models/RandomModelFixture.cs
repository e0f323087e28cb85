using LongDoc.Runtime.Models;
using LongDoc.Tasks.Models;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Tasks.Tests.Models;

/// <summary>
/// One tiny random qwen3moe (byte-level SPM vocabulary: about one token per byte) written once for the class.
/// Its output is gibberish; what the tests check is everything around it.
/// </summary>
public sealed class RandomModelFixture : IDisposable
{
    public readonly string Path;
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("longdoc-tasks-model-");

    public RandomModelFixture()
    {
        Path = System.IO.Path.Combine(dir.FullName, "tiny-qwen3moe.gguf");
        RandomModelWriter.WriteGguf(new RandomModelSpec { Seed = 11, Context = 16384 }, Path);
    }

    /// <summary>A model with the given context; seeded sampling so runs repeat.</summary>
    public RuntimeDocumentModel Open(int context) =>
        RuntimeDocumentModel.Open(Path, new RuntimeOptions { ContextSize = context, Threads = 2 }, "chatml");

    public void Dispose() => dir.Delete(recursive: true);
}
