using LongDoc.Runtime.Backends.Auto;

namespace LongDoc.Runtime.Tests.Backends.Auto;

public sealed class VerdictStoreTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-verdicts-");
    string FilePath => Path.Combine(_dir.FullName, "longdoc", "cuda-selftest.json");

    internal static readonly CudaFacts H100 = new("NVIDIA H100 80GB HBM3", "9.0", "12.4 (550.54.14)", "12.4", "1.0.0+abc");

    static SelfTestVerdict Verdict(CudaFacts facts, bool passed, string? failure = null) =>
        new(facts, passed, failure, new DateTimeOffset(2026, 12, 7, 22, 0, 0, TimeSpan.Zero), Quick: true);

    [Fact]
    public void Find_AfterSave_TheSameVerdict()
    {
        var store = new VerdictStore(FilePath);
        Assert.True(store.Save(Verdict(H100, passed: true)));
        Assert.Equal(Verdict(H100, passed: true), new VerdictStore(FilePath).Find(H100));
    }

    [Theory]
    [InlineData("driver")]
    [InlineData("nvrtc")]
    [InlineData("longdoc")]
    [InlineData("gpu")]
    [InlineData("compute")]
    public void Find_OneFactChanged_NoVerdict(string changed)
    {
        var store = new VerdictStore(FilePath);
        store.Save(Verdict(H100, passed: true));
        var other = changed switch
        {
            "driver" => H100 with { Driver = "12.8 (570.86.10)" },
            "nvrtc" => H100 with { Nvrtc = "12.8" },
            "longdoc" => H100 with { LongDoc = "1.0.0+def" },
            "gpu" => H100 with { Gpu = "NVIDIA L4" },
            _ => H100 with { ComputeCapability = "8.9" },
        };
        Assert.Null(store.Find(other));
    }

    [Fact]
    public void Save_SameFactsAgain_ReplacesTheVerdictAndKeepsOthers()
    {
        var store = new VerdictStore(FilePath);
        var l4 = H100 with { Gpu = "NVIDIA L4", ComputeCapability = "8.9" };
        store.Save(Verdict(l4, passed: true));
        store.Save(Verdict(H100, passed: true));
        store.Save(Verdict(H100, passed: false, "rope n=40: rel. L2 3.0E-2 over 1.0E-5"));
        Assert.False(store.Find(H100)!.Passed);
        Assert.True(store.Find(l4)!.Passed);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("")]
    [InlineData("{\"verdicts\": 3}")]
    [InlineData("[null, {\"Facts\": null, \"Passed\": true}, 7]")]
    [InlineData("[{\"Facts\": {\"Gpu\": \"NVIDIA H100 80GB HBM3\"}, \"Passed\": true}]")]
    public void Find_CorruptFile_NoVerdictAndTheNextSaveRepairsIt(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, content);
        var store = new VerdictStore(FilePath);
        Assert.Null(store.Find(H100));
        Assert.True(store.Save(Verdict(H100, passed: true)));
        Assert.True(store.Find(H100)!.Passed);
    }

    [Fact]
    public void Save_UnwritableFolder_FalseAndNoThrow()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "file"), "");
        var store = new VerdictStore(Path.Combine(_dir.FullName, "file", "cuda-selftest.json")); // a file where the folder should be
        Assert.False(store.Save(Verdict(H100, passed: true)));
        Assert.Null(store.Find(H100));
    }

    [Fact]
    public void Default_XdgCacheHome_UnderLongdoc()
    {
        string? before = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        try
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", _dir.FullName);
            Assert.Equal(FilePath, VerdictStore.Default().Path);
        }
        finally { Environment.SetEnvironmentVariable("XDG_CACHE_HOME", before); }
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
