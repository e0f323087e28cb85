using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Backends.Cuda.Interop;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Backends.Cuda;

/// <summary>Every embedded kernel compiles with NVRTC for Ampere (compute_80) and Hopper (compute_90), no GPU needed.</summary>
public sealed class KernelCompileTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var source in KernelSources.All)
            foreach (var arch in new[] { "compute_80", "compute_90" })
                data.Add(source.FileName, arch);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Kernel_CompiledForArchitecture_ProducesPtxWithEveryEntryPoint(string file, string architecture)
    {
        if (!NvrtcRequirement.Available(output)) return;
        var source = KernelSources.All.Single(s => s.FileName == file);
        var image = NvrtcCompiler.Compile(source.Text, source.FileName, architecture, KernelCompiler.CommonOptions);
        string ptx = System.Text.Encoding.UTF8.GetString(image.Image);
        Assert.False(image.IsCubin);
        Assert.Contains($".target sm_{architecture["compute_".Length..]}", ptx);
        Assert.NotEmpty(source.EntryPoints);
        foreach (var entry in source.EntryPoints) Assert.Contains($".entry {entry}(", ptx);
    }

    [Fact]
    public void Kernel_CompiledForSm90_IsAnElfCubinWhenNvrtcListsTheArchitecture()
    {
        if (!NvrtcRequirement.Available(output)) return;
        var archs = NvrtcCompiler.SupportedArchitectures();
        output.WriteLine($"NVRTC {NvrtcCompiler.Version} emits CUBINs for sm_{string.Join(", sm_", archs)}");
        if (!archs.Contains(90)) return;   // NVRTC before 11.8 has no Hopper target; the PTX path covers it
        var source = KernelSources.All.Single(s => s.FileName == "argmax.cu");
        var image = NvrtcCompiler.Compile(source.Text, source.FileName, "sm_90", KernelCompiler.CommonOptions);
        Assert.True(image.IsCubin);
        Assert.Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], image.Image[..4]);
        Assert.Equal("sm_90", KernelTarget.For(9, 0, archs));
    }

    [Fact]
    public void KernelSources_Embedded_MatchTheKernelsFolder()
    {
        // The resources are what runs; the folder is what people edit. A .cu file missing from the csproj glob
        // (or a stale resource) would compile in CI and then be absent at run time.
        var dir = FindKernelsFolder();
        var onDisk = Directory.GetFiles(dir, "*.cu").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(onDisk, KernelSources.All.Select(s => s.FileName).ToArray());
        Assert.Contains(KernelSources.All, s => s.FileName == "fill.cu");
    }

    [Fact]
    public void Compile_SyntaxError_ThrowsWithNvrtcLogNamingFileAndLine()
    {
        if (!NvrtcRequirement.Available(output)) return;
        const string broken = "extern \"C\" __global__ void broken(float* p)\n{\n    p[0] = undeclared_name;\n}\n";
        var e = Assert.Throws<NvrtcException>(() => NvrtcCompiler.Compile(broken, "broken.cu", "compute_80", []));
        Assert.Equal(NvrtcResult.Compilation, e.Result);
        Assert.Contains("broken.cu(3)", e.Message);
        Assert.Contains("undeclared_name", e.Log);
        Assert.Contains("nvrtcCompileProgram(broken.cu", e.Message);
    }

    [Fact]
    public void Version_Loaded_IsMajorDotMinor()
    {
        if (!NvrtcRequirement.Available(output)) return;
        Assert.Matches(@"^\d+\.\d+$", NvrtcCompiler.Version);
        output.WriteLine($"NVRTC {NvrtcCompiler.Version} from {NativeLibraries.NvrtcPath}");
    }

    internal static string FindKernelsFolder()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, "kernels")) && File.Exists(Path.Combine(d.FullName, "LongDoc.sln")))
                return Path.Combine(d.FullName, "kernels");
        throw new DirectoryNotFoundException($"no kernels/ folder beside LongDoc.sln above {AppContext.BaseDirectory}");
    }
}
