using System.Globalization;
using LongDoc.Runtime.Weights;

namespace LongDoc.Benchmarks;

/// <summary>A GGUF file's bits per weight as llama.cpp prints them (all tensor bytes x 8 / all tensor elements), and its types.</summary>
static class ModelBits
{
    public static string Describe(string path)
    {
        using var file = GgufFile.Open(path);
        long bytes = file.Tensors.Sum(t => t.ByteCount), elements = file.Tensors.Sum(t => t.ElementCount);
        var types = file.Tensors.Where(t => t.Dims.Length >= 2).GroupBy(t => t.Type).OrderByDescending(g => g.Sum(t => t.ByteCount))
            .Select(g => $"{g.Key} {100.0 * g.Sum(t => t.ByteCount) / bytes:0}%");
        return string.Create(CultureInfo.InvariantCulture, $"{8.0 * bytes / elements:0.00} bits per weight; matrix bytes {string.Join(", ", types)}");
    }
}
