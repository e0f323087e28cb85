using System.CommandLine;
using LongDoc.Runtime.Backends;

namespace LongDoc.Cli.Commands;

/// <summary>`--device auto|cpu|cuda|cuda-sim`, shared by every command that runs a model and by selftest.</summary>
static class DeviceOption
{
    public static Option<string> Create(string defaultValue = "auto")
    {
        var option = new Option<string>("--device")
        {
            Description = "Where to run: auto (CUDA where its quick self-test passed on this GPU and driver, run once and cached; else the CPU), cpu, cuda, " +
                "or cuda-sim (the CUDA backend on a simulated device: kernels run as C# references on the CPU, slowly; for checks, never chosen by auto)",
            DefaultValueFactory = _ => defaultValue,
        };
        option.AcceptOnlyFromAmong("auto", "cpu", "cuda", "cuda-sim");
        return option;
    }

    public static DeviceKind Parse(string? value) => value switch
    {
        "cpu" => DeviceKind.Cpu,
        "cuda" => DeviceKind.Cuda,
        "cuda-sim" => DeviceKind.CudaSim,
        _ => DeviceKind.Auto,
    };

    /// <summary>Runtime notices (device chosen, kernel compile times): one line each on stderr.</summary>
    public static void Notice(string line) => Console.Error.WriteLine($"longdoc: {line}");
}
