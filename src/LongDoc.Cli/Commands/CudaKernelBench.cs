using System.Globalization;
using System.Text.Json;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Bench;
using LongDoc.Runtime.Backends.Cuda.Compile;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `longdoc bench --device cuda`: every registered kernel benchmark (event-timed median), as GB/s and TFLOP/s and as a
/// fraction of the device's ceilings: the device-to-device copy bandwidth, measured once here, and the bf16 tensor
/// rate (790 TFLOP/s, an H200's, unless --tensor-tflops gives another device's).
/// </summary>
static class CudaKernelBench
{
    public static int Run(bool json, double tensorTflops)
    {
        using var backend = CudaBackend.Open(log: DeviceOption.Notice);
        var device = backend.Device;
        double copy = KernelBench.CopyBandwidth(device, backend.Stream);
        var rows = new List<BenchRow>();
        foreach (var (_, create) in KernelBenches.All)
        {
            using var c = create(device, backend.Kernels);
            rows.Add(KernelBench.Time(device, backend.Stream, c, copy, tensorTflops));
        }
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                device = device.Name, compute = $"{device.ComputeMajor}.{device.ComputeMinor}", sms = device.Multiprocessors,
                driver = device.DriverVersion, nvrtc = NvrtcCompiler.Version, kernels = backend.Kernels.Architecture,
                copy_gb_s = copy, tensor_tflops = tensorTflops,
                rows = rows.Select(r => new { name = r.Name, shape = r.Shape, ms = r.Milliseconds, gb_s = r.GBps, tflop_s = r.TFlops, bandwidth_fraction = r.BandwidthFraction, tensor_fraction = r.TensorFraction }),
            }));
            return ExitCodes.Ok;
        }
        Console.WriteLine($"device: {device}; NVRTC {NvrtcCompiler.Version}; kernels {backend.Kernels.Architecture}");
        Console.WriteLine($"ceilings: copy bandwidth {copy:F0} GB/s (measured, device to device), bf16 tensor {tensorTflops:F0} TFLOP/s");
        Console.WriteLine("| kernel | shape | ms (median) | GB/s | % of copy bw | TFLOP/s | % of bf16 tensor |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Shape} | {r.Milliseconds:F4} | {r.GBps:F0} | {100 * r.BandwidthFraction:F0}% | {(r.TFlops > 0 ? r.TFlops.ToString("F1", CultureInfo.InvariantCulture) : "-")} | {(r.TFlops > 0 ? (100 * r.TensorFraction).ToString("F0", CultureInfo.InvariantCulture) + "%" : "-")} |"));
        return ExitCodes.Ok;
    }
}
