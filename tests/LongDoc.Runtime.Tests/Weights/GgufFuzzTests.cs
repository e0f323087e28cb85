using LongDoc.Testing.Fuzzing;

namespace LongDoc.Runtime.Tests.Weights;

/// <summary>
/// GgufFile.Open against a tiny random model mutated 200 ways (fixed seed): header counts, string and array
/// lengths, value and tensor types, dimensions and data offsets set to extreme values, and the generic byte
/// mutations. Each must be refused with a one-line WeightFormatException naming the file, or open with every
/// tensor inside the file; never another exception, never a hang.
/// </summary>
public sealed class GgufFuzzTests : IDisposable
{
    readonly TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    [Fact]
    public void GgufFile_MutatedTinyModel_CleanErrorOrOpensWithinTimeLimit()
    {
        var sources = FuzzSources.Load("gguf", "", _dir.Path);
        var findings = FuzzInProcess.Findings("gguf", sources, seed: 20261207, count: 200, TimeSpan.FromSeconds(10), _dir.Path);
        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Fact]
    public void GgufFields_TinyModel_FindsEveryKindOfHeaderField()
    {
        var kinds = GgufMutations.Fields(FuzzSources.TinyGguf(_dir.Path)).Select(f => f.Name).ToHashSet();
        string[] expected = ["header.tensor_count", "header.kv_count", "key.length", "kv.type", "kv.string.length", "kv.array.type",
            "kv.array.length", "tensor.name.length", "tensor.n_dims", "tensor.ne", "tensor.type", "tensor.offset"];
        Assert.All(expected, k => Assert.Contains(k, kinds));
    }
}
