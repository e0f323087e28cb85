using System.Text.Json;
using LongDoc.Runtime.Backends.Cuda;

namespace LongDoc.Cli.Tests.Commands;

/// <summary>--device and selftest as a user on a machine without a GPU sees them (the CI machine). On a machine with
/// a GPU these assert the other side: the device is used and the self-test passes.</summary>
public sealed class DeviceCommandsTests : IClassFixture<ModelCommandsTests.ModelFile>
{
    static readonly bool HasGpu = CudaDevice.TryOpen(0, out _) is { } d && Dispose(d);
    static bool Dispose(CudaDevice d) { d.Dispose(); return true; }

    readonly ModelCommandsTests.ModelFile _model;
    public DeviceCommandsTests(ModelCommandsTests.ModelFile model) => _model = model;

    [Fact]
    public void Selftest_WithoutGpu_ExitsThreeSayingSo()
    {
        var r = CliRunner.Run("selftest");
        if (HasGpu)
        {
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("checks passed", r.Stdout);
            return;
        }
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("no usable CUDA device here, nothing was checked", r.Stderr);
        Assert.Contains("Likely causes:", r.Stderr);
    }

    [Fact]
    public void Selftest_QuickWithoutGpu_ExitsThreeElseSavesThePassedVerdict()
    {
        var cache = Directory.CreateTempSubdirectory("longdoc-selftest-cache-");
        try
        {
            var r = CliRunner.Run(TimeSpan.FromMinutes(3), new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = cache.FullName }, "selftest", "--quick");
            string verdicts = Path.Combine(cache.FullName, "longdoc", "cuda-selftest.json");
            if (HasGpu)
            {
                Assert.Equal(0, r.ExitCode);
                Assert.Contains($"verdict for --device auto saved to {verdicts}", r.Stderr);
                Assert.Contains("\"Passed\": true", File.ReadAllText(verdicts));
                return;
            }
            Assert.Equal(3, r.ExitCode);
            Assert.Contains("no usable CUDA device here, nothing was checked", r.Stderr);
            Assert.False(File.Exists(verdicts));
        }
        finally { cache.Delete(recursive: true); }
    }

    [Fact]
    public void Logits_DeviceAutoWithoutVerdictAndSelfTestDisabled_CpuNamingTheQuickSelfTest()
    {
        var cache = Directory.CreateTempSubdirectory("longdoc-auto-cache-");
        try
        {
            var environment = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = cache.FullName, ["LONGDOC_AUTO_SELFTEST"] = "0" };
            var r = CliRunner.Run(TimeSpan.FromMinutes(3), environment, "logits", "-m", _model.Path, "--tokens", "1,2,3");
            Assert.Equal(0, r.ExitCode);
            Assert.Contains(HasGpu ? "longdoc: device: cpu (CUDA self-test not run for this GPU, driver, NVRTC and LongDoc build: run `longdoc selftest --device cuda --quick`)"
                : "longdoc: device: cpu (CUDA not used: ", r.Stderr);
        }
        finally { cache.Delete(recursive: true); }
    }

    [Fact]
    public void Logits_DeviceCudaWithoutGpu_ExitsThreeWithCauses()
    {
        if (HasGpu) return;
        var r = CliRunner.Run("logits", "-m", _model.Path, "--tokens", "1,2,3", "--device", "cuda");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("libcuda.so.1", r.Stderr);
        Assert.Contains("1. no NVIDIA driver", r.Stderr);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void Logits_DeviceAuto_RunsAndSaysWhichDeviceInOneLine()
    {
        var auto = CliRunner.Run("logits", "-m", _model.Path, "--tokens", "1,2,3");
        var cpu = CliRunner.Run("logits", "-m", _model.Path, "--tokens", "1,2,3", "--device", "cpu");
        Assert.Equal(0, auto.ExitCode);
        Assert.Equal(0, cpu.ExitCode);
        // the verdict line ("device: cpu (...)" or "device: cuda ..."); a first run on a GPU also says it runs the quick self-test
        var line = Assert.Single(auto.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("longdoc: device: cpu") || l.StartsWith("longdoc: device: cuda "));
        Assert.StartsWith(HasGpu ? "longdoc: device: cuda " : "longdoc: device: cpu (CUDA not used: ", line);
        Assert.DoesNotContain("device:", cpu.Stderr);
        if (!HasGpu) Assert.Equal(cpu.Stdout, auto.Stdout);
        else
        {
            using var a = JsonDocument.Parse(auto.Stdout);
            Assert.Equal(_model.Spec.Vocab, a.RootElement.GetProperty("n_vocab").GetInt32());
        }
    }

    [Fact]
    public void Bench_WithoutModelOnCpu_ExitsTwoNamingTheOption()
    {
        var r = CliRunner.Run("bench", "--device", "cpu");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--model is required", r.Stderr);
    }

    /// <summary>--device cuda-sim: the CUDA backend on the simulated device, on any machine; logits of every position
    /// equal the CPU's within the CPU-vs-CUDA bound (2e-2 relative L2, ModelParity.Bound).</summary>
    [Fact]
    public void Logits_DeviceCudaSim_MatchCpuAndSaysWhichDevice()
    {
        string tokens = "1,17,200,33,5";
        var sim = CliRunner.Run("logits", "-m", _model.Path, "--tokens", tokens, "--all-positions", "--device", "cuda-sim");
        var cpu = CliRunner.Run("logits", "-m", _model.Path, "--tokens", tokens, "--all-positions", "--device", "cpu");
        Assert.True(sim.ExitCode == 0, sim.Stderr);
        Assert.Equal(0, cpu.ExitCode);
        Assert.Contains("longdoc: device: cuda-sim LongDoc simulated CUDA device", sim.Stderr);
        var a = Rows(sim.Stdout);
        var b = Rows(cpu.Stdout);
        Assert.Equal(5, a.Length);
        for (int i = 0; i < a.Length; i++)
        {
            double diff = 0, norm = 0;
            for (int j = 0; j < b[i].Length; j++) { diff += Math.Pow(a[i][j] - b[i][j], 2); norm += Math.Pow(b[i][j], 2); }
            Assert.True(Math.Sqrt(diff / norm) < 2e-2, $"position {i}: relative L2 {Math.Sqrt(diff / norm):E2}");
        }
    }

    [Fact]
    public void Generate_DeviceCudaSim_RunsGreedyDecode()
    {
        var r = CliRunner.Run("generate", "-m", _model.Path, "-p", "hello", "--temp", "0", "-n", "4", "--device", "cuda-sim");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("longdoc: device: cuda-sim", r.Stderr);
        Assert.NotEmpty(r.Stdout);
    }

    static float[][] Rows(string stdout)
    {
        using var json = JsonDocument.Parse(stdout);
        return [.. json.RootElement.GetProperty("logits").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetSingle()).ToArray())];
    }
}
