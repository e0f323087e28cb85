using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Backends.Cuda.Interop;
using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Auto;

/// <summary>
/// <c>--device auto</c>: opens CUDA (driver, device, NVRTC, kernels), then asks the <see cref="VerdictStore"/> whether
/// the quick self-test passed on these <see cref="CudaFacts"/>; without a verdict it runs the quick self-test once
/// (seconds) and stores the outcome. CUDA where it passed, else the CPU, saying why in one line (<see cref="AutoDecision"/>).
/// </summary>
public static class AutoDevice
{
    /// <summary>Set to 0 so that auto never runs the self-test itself: CUDA then needs a verdict from `longdoc selftest`.</summary>
    public const string SelfTestVariable = "LONGDOC_AUTO_SELFTEST";

    public static IBackend Create(RuntimeOptions options, VerdictStore? store = null)
    {
        CudaBackend cuda;
        try
        {
            cuda = CudaBackend.Open(options.Threads, options.NvrtcPath, options.Log);
        }
        catch (Exception e) when (e is CudaUnavailableException or CudaException or NvrtcException)
        {
            string why = e is CudaUnavailableException u ? u.Problem : e.Message.ReplaceLineEndings(" ");
            return Cpu(options, AutoDecision.Decide(why, null, false));
        }
        try
        {
            store ??= VerdictStore.Default();
            var facts = Facts(cuda.Device);
            var decision = AutoDecision.Decide(null, store.Find(facts), Environment.GetEnvironmentVariable(SelfTestVariable) != "0");
            if (decision.Step == AutoStep.SelfTest)
            {
                options.Log?.Invoke($"device: {decision.Reason}");
                var verdict = QuickSelfTest.Run(cuda, facts);
                bool saved = store.Save(verdict);
                decision = AutoDecision.Decide(null, verdict, false);
                if (!saved) options.Log?.Invoke($"device: the verdict could not be written to {store.Path}; it holds for this run only");
            }
            if (decision.Step == AutoStep.Cuda)
            {
                options.Log?.Invoke($"device: cuda {cuda.Device} kernels {cuda.Kernels.Architecture} ({decision.Reason})");
                return cuda;
            }
            cuda.Dispose();
            return Cpu(options, decision);
        }
        catch
        {
            cuda.Dispose();
            throw;
        }
    }

    /// <summary>The facts a verdict is keyed by, for an open device (NVRTC loaded).</summary>
    public static CudaFacts Facts(CudaDevice device) =>
        new(device.Name, $"{device.ComputeMajor}.{device.ComputeMinor}", DriverVersion(device), NvrtcCompiler.Version, CudaFacts.LongDocVersion);

    static CpuBackend Cpu(RuntimeOptions options, AutoDecision decision)
    {
        options.Log?.Invoke(decision.Reason);
        return new CpuBackend(options.Threads);
    }

    // The driver's CUDA version, and on Linux the kernel module's own version ("550.54.14"), which changes more often.
    static string DriverVersion(CudaDevice device)
    {
        try
        {
            const string path = "/proc/driver/nvidia/version";
            var line = File.Exists(path) ? File.ReadLines(path).FirstOrDefault() ?? "" : "";
            var module = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => w.Length > 0 && char.IsDigit(w[0]) && w.Contains('.'));
            return module is null ? device.DriverVersion : $"{device.DriverVersion} ({module})";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return device.DriverVersion; }
    }
}
