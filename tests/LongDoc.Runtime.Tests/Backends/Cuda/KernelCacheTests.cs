using LongDoc.Runtime.Backends.Cuda.Compile;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Backends.Cuda;

public sealed class KernelCacheTests(ITestOutputHelper output) : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "longdoc-kcache-" + Guid.NewGuid().ToString("N"));
    static KernelSource Fill => KernelSources.All.Single(s => s.FileName == "fill.cu");

    [Fact]
    public void Key_ChangesWithArchitectureVersionSourceAndOptions()
    {
        string k = KernelCache.Key(Fill, "compute_80", "11.8", ["-lineinfo"]);
        Assert.StartsWith("fill-compute_80-nvrtc11.8-", k);
        Assert.EndsWith(".ptx", k);
        Assert.NotEqual(k, KernelCache.Key(Fill, "compute_90", "11.8", ["-lineinfo"]));
        Assert.NotEqual(k, KernelCache.Key(Fill, "compute_80", "12.4", ["-lineinfo"]));
        Assert.NotEqual(k, KernelCache.Key(Fill, "compute_80", "11.8", []));
        Assert.NotEqual(k, KernelCache.Key(Fill with { Text = Fill.Text + "\n" }, "compute_80", "11.8", ["-lineinfo"]));
        Assert.EndsWith(".cubin", KernelCache.Key(Fill, "sm_90", "11.8", []));
    }

    [Fact]
    public void TryRead_CorruptEntry_ReturnsNullAndDeletesIt()
    {
        var cache = new KernelCache(_dir);
        cache.Write("k.ptx", [1, 2, 3, 4]);
        Assert.Equal([1, 2, 3, 4], cache.TryRead("k.ptx"));
        var path = Path.Combine(_dir, "k.ptx");
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        Assert.Null(cache.TryRead("k.ptx"));
        Assert.False(File.Exists(path));
        File.WriteAllBytes(path, [9, 9]);                   // truncated below the checksum
        Assert.Null(cache.TryRead("k.ptx"));
        Assert.Null(cache.TryRead("absent.ptx"));
    }

    [Fact]
    public void Compile_SecondTime_IsACacheHitWithTheSameImage()
    {
        if (!NvrtcRequirement.Available(output)) return;
        var logs = new List<string>();
        var compiler = new KernelCompiler(new KernelCache(_dir), logs.Add);
        var first = compiler.Compile(Fill, "compute_80");
        var second = compiler.Compile(Fill, "compute_80");
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first.Image.Image, second.Image.Image);
        Assert.Single(logs);
        Assert.Matches(@"compiled fill\.cu for compute_80 with NVRTC \d+\.\d+ in \d+ ms", logs[0]);
        var other = compiler.Compile(Fill, "compute_90");
        Assert.False(other.FromCache);
        Assert.NotEqual(first.CacheKey, other.CacheKey);
    }

    [Fact]
    public void Compile_CorruptCacheEntry_Recompiles()
    {
        if (!NvrtcRequirement.Available(output)) return;
        var compiler = new KernelCompiler(new KernelCache(_dir));
        var first = compiler.Compile(Fill, "compute_80");
        File.WriteAllBytes(Path.Combine(_dir, first.CacheKey), new byte[40]);
        var again = compiler.Compile(Fill, "compute_80");
        Assert.False(again.FromCache);
        Assert.Equal(first.Image.Image, again.Image.Image);
    }

    [Theory]
    [InlineData(9, 0, new[] { 50, 60, 70, 75, 80, 86, 87, 89, 90 }, "sm_90")]
    [InlineData(9, 0, new[] { 50, 60, 70, 80 }, "compute_80")]
    [InlineData(8, 6, new int[0], "compute_86")]
    [InlineData(12, 0, new[] { 80, 90 }, "compute_90")]
    public void KernelTarget_ForDevice_PrefersCubinElseNewestOlderPtx(int major, int minor, int[] nvrtc, string expected) =>
        Assert.Equal(expected, KernelTarget.For(major, minor, nvrtc));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }
}

/// <summary>Shared device code: kernels/*.cuh inlined into the sources that include them, nothing left to resolve.</summary>
public sealed class KernelSourcesTests
{
    [Fact]
    public void All_GemmAndMoeGemm_HeaderInlinedNoIncludeLeftHeadersNotKernels()
    {
        Assert.All(KernelSources.All, s => Assert.DoesNotContain("#include", s.Text, StringComparison.Ordinal));
        Assert.DoesNotContain(KernelSources.All, s => s.FileName.EndsWith(".cuh", StringComparison.Ordinal));
        foreach (var file in new[] { "gemm.cu", "moe_gemm.cu" })
            Assert.Contains("mma_bf16", KernelSources.All.Single(s => s.FileName == file).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_HeaderIncludedTwiceAndNested_InlinedOnceCycleIsAnError()
    {
        var files = new Dictionary<string, string> { ["a.cuh"] = "A\n", ["b.cuh"] = "#include \"a.cuh\"\nB\n", ["c.cuh"] = "#include \"c.cuh\"\n" };
        string text = KernelSources.Inline("k.cu", "#include \"a.cuh\"\n#include \"b.cuh\"\nK\n", files);
        Assert.Equal(1, text.Split('\n').Count(l => l == "A"));
        Assert.Contains("B", text, StringComparison.Ordinal);
        var e = Assert.Throws<InvalidOperationException>(() => KernelSources.Inline("k.cu", "#include \"c.cuh\"\n", files));
        Assert.Contains("c.cuh", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_UnknownHeader_ErrorNamesKernelAndHeader()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            KernelSources.Inline("a.cu", "#include \"missing.cuh\"\nint x;\n", new Dictionary<string, string>()));
        Assert.Contains("kernels/a.cu", e.Message, StringComparison.Ordinal);
        Assert.Contains("missing.cuh", e.Message, StringComparison.Ordinal);
    }
}
