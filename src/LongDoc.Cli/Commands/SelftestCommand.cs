using System.CommandLine;
using System.Globalization;
using LongDoc.Runtime.Backends.Auto;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Backends.Cuda.Interop;
using LongDoc.Runtime.Backends.Cuda.SelfTest;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `longdoc selftest [--device cuda] [--quick] [--model PATH]... [--seed N]`: every CUDA kernel against the CPU backend on
/// fresh random inputs at several sizes (outputs poisoned with NaN first; --quick: all but the largest), then each given
/// model's logits on CUDA against the CPU. Prints a table, and saves the kernels' verdict for --device auto. Exit 0: all passed; 4: a check failed; 3: no usable GPU here (no driver, no
/// device or no NVRTC), nothing was checked.
/// </summary>
static class SelftestCommand
{
    public static Command Create()
    {
        var device = DeviceOption.Create(defaultValue: "cuda");
        var models = new Option<string[]>("--model", "-m") { Description = "Also compare this model's logits on CUDA with the CPU (repeatable)", AllowMultipleArgumentsPerToken = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the random inputs", DefaultValueFactory = _ => 1234 };
        var nvrtc = new Option<string?>("--nvrtc") { Description = "Path of libnvrtc.so when it is not on the loader's path (also: LONGDOC_NVRTC)" };
        var quick = new Option<bool>("--quick") { Description = "Every check at all its sizes but the largest (seconds): what --device auto runs once per GPU, driver and NVRTC" };
        var command = new Command("selftest", "Check the CUDA kernels and backend against the CPU backend") { device, models, seed, nvrtc, quick };
        command.SetAction(r => ModelErrors.Guard(() =>
            Run(r.GetValue(device)!, r.GetValue(models) ?? [], r.GetValue(seed), r.GetValue(nvrtc), r.GetValue(quick))));
        return command;
    }

    static int Run(string device, string[] models, int seed, string? nvrtc, bool quick)
    {
        if (device == "cpu")
        {
            Console.Error.WriteLine("longdoc selftest: the self-test compares the CUDA backend with the CPU backend; --device cpu leaves nothing to compare");
            return ExitCodes.Usage;
        }
        if (device == "cuda-sim")
        {
            Console.Error.WriteLine("longdoc selftest: the self-test checks a GPU's kernels; on the simulated device they are C# references, " +
                "which the test suite checks (use --device cuda-sim with generate or logits to run a model through it)");
            return ExitCodes.Usage;
        }
        CudaBackend backend;
        try
        {
            backend = CudaBackend.Open(nvrtcPath: nvrtc, log: DeviceOption.Notice);
        }
        catch (CudaUnavailableException e)
        {
            Console.Error.WriteLine($"longdoc selftest: no usable CUDA device here, nothing was checked (exit code {ExitCodes.NoDevice}).");
            Console.Error.WriteLine(e.Message);
            return ExitCodes.NoDevice;
        }

        var results = new List<CheckResult>();
        using (backend)
        {
            Console.WriteLine($"device: {backend.Device}");
            Console.WriteLine($"nvrtc: {NvrtcCompiler.Version} ({NativeLibraries.NvrtcPath}), kernels: {backend.Kernels.Architecture}, cache: {KernelCache.DefaultDirectory()}");
            Console.WriteLine();
            Console.WriteLine("| check | precision | shape | rel. L2 | bound | result |");
            Console.WriteLine("| --- | --- | --- | ---: | ---: | --- |");
            using var cpu = new CpuBackend();
            using var context = new CudaCheckContext(backend.Device, backend.Kernels, backend.Stream, cpu);
            foreach (var r in SelfTestRunner.Run(context, quick ? QuickSelfTest.Checks : KernelChecks.All, seed)) results.Add(Print(r));
            // the kernel checks' verdict is what --device auto trusts (model parity is about the model, not the device)
            var store = VerdictStore.Default();
            bool saved = store.Save(QuickSelfTest.Verdict(AutoDevice.Facts(backend.Device), results, quick));
            Console.Error.WriteLine(saved ? $"longdoc selftest: verdict for --device auto saved to {store.Path}" : $"longdoc selftest: could not write {store.Path}");
        }
        foreach (var path in models) results.Add(Print(ModelParity.Compare(path, seed, nvrtcPath: nvrtc)));

        int failed = results.Count(r => !r.Passed);
        Console.WriteLine();
        Console.WriteLine(failed == 0 ? $"selftest: all {results.Count} checks passed" : $"selftest: {failed} of {results.Count} checks FAILED");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }

    static CheckResult Print(CheckResult r)
    {
        string err = double.IsNaN(r.RelativeL2) ? "-" : r.RelativeL2.ToString("0.0E+0", CultureInfo.InvariantCulture);
        string outcome = r.Passed ? "ok" : "FAIL" + (r.Error != null ? $": {r.Error}" : "");
        Console.WriteLine($"| {r.Name} | {r.Precision} | {r.Shape} | {err} | {r.Bound.ToString("0.0E+0", CultureInfo.InvariantCulture)} | {outcome} |");
        return r;
    }
}
