using LongDoc.Documents.Readers;
using LongDoc.Runtime.Weights;

namespace LongDoc.Testing.Fuzzing;

/// <summary>
/// The fuzzed readers, by format: the file extension, the mutations that fit the format, and the read itself
/// (of a file at a path, as users give them; GGUF is memory-mapped, so it must be a file anyway).
/// </summary>
public static class FuzzFormats
{
    public sealed record Format(string Name, string Extension, Dictionary<string, ByteMutations.Mutation> Mutations, Action<string> Read);

    public static readonly Dictionary<string, Format> ByName = new Format[]
    {
        new("pdf", ".pdf", ByteMutations.Pdf, ReadDocument),
        new("docx", ".docx", ZipMutations.Docx, ReadDocument),
        new("pptx", ".pptx", ZipMutations.Docx, ReadDocument),
        new("xlsx", ".xlsx", ZipMutations.Docx, ReadDocument),
        new("html", ".html", ByteMutations.Generic, ReadDocument),
        new("gguf", ".gguf", GgufMutations.All, ReadGguf),
    }.ToDictionary(f => f.Name);

    static void ReadDocument(string path) => DocumentReaders.ReadFile(path);

    // Open validates the header; then every tensor's first and last byte is touched, so an offset that validation let
    // through past the end of the mapping shows up here (as a crash of the process) instead of in a model later.
    static unsafe void ReadGguf(string path)
    {
        using var file = GgufFile.Open(path);
        int sum = 0;
        foreach (var t in file.Tensors)
        {
            if (t.ByteCount == 0) continue;
            var data = file.TensorData(t);
            sum += data[0] + data[t.ByteCount - 1];
        }
        GC.KeepAlive(sum);
    }

    /// <summary>Reads <paramref name="path"/> as <paramref name="format"/> in this process and classifies what happened (no time bound).</summary>
    public static FuzzOutcome ReadInProcess(string format, string path)
    {
        try
        {
            ByName[format].Read(path);
            return FuzzOutcome.Accepted;
        }
        catch (Exception e) { return FuzzOutcome.Of(e, path); }
    }
}
