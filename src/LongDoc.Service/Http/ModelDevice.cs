using System.Globalization;
using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Placement;

namespace LongDoc.Service.Http;

/// <summary>
/// Model:Device, Model:GpuLayers and Model:Experts: where the service's local model runs, as the CLI's --device,
/// --gpu-layers and --experts (README "GPU (CUDA)"). Empty means the default (auto, auto, gpu); a bad value is one
/// failure naming the key and the value (<see cref="Failures"/>), checked when the host starts.
/// </summary>
public static class ModelDevice
{
    static readonly Dictionary<string, DeviceKind> Devices = new(StringComparer.OrdinalIgnoreCase)
    {
        ["auto"] = DeviceKind.Auto, ["cpu"] = DeviceKind.Cpu, ["cuda"] = DeviceKind.Cuda, ["cuda-sim"] = DeviceKind.CudaSim,
    };

    static readonly Dictionary<string, ExpertPlacement> ExpertSides = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gpu"] = ExpertPlacement.Gpu, ["cpu"] = ExpertPlacement.Cpu,
    };

    /// <summary>Longest part of a bad value repeated in its failure (a hostile value stays one readable line).</summary>
    const int Shown = 64;

    public static DeviceKind Device(string? value) => Blank(value) ? DeviceKind.Auto : Devices[value!.Trim()];

    /// <summary>null for auto (as many as fit), int.MaxValue for all, else the count.</summary>
    public static int? GpuLayers(string? value) => Blank(value) || Is(value, "auto") ? null
        : Is(value, "all") ? int.MaxValue : int.Parse(value!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);

    public static ExpertPlacement Experts(string? value) => Blank(value) ? ExpertPlacement.Gpu : ExpertSides[value!.Trim()];

    /// <summary>One line per bad setting, naming the key, the value and what is accepted.</summary>
    public static IEnumerable<string> Failures(ModelOptions o)
    {
        if (!Blank(o.Device) && !Devices.ContainsKey(o.Device!.Trim()))
            yield return $"Model:Device: '{Quote(o.Device)}' is not auto, cpu, cuda or cuda-sim";
        if (!Blank(o.GpuLayers) && !Is(o.GpuLayers, "auto") && !Is(o.GpuLayers, "all")
            && !int.TryParse(o.GpuLayers!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            yield return $"Model:GpuLayers: '{Quote(o.GpuLayers)}' is not auto, all or a number of layers from 0 to {int.MaxValue} (0 keeps every layer on the CPU)";
        if (!Blank(o.Experts) && !ExpertSides.ContainsKey(o.Experts!.Trim()))
            yield return $"Model:Experts: '{Quote(o.Experts)}' is not gpu or cpu";
    }

    /// <summary>The settings as the log and /v1/models show them: "auto, gpu-layers auto, experts gpu".</summary>
    public static string Describe(ModelOptions o) =>
        $"{Name(o.Device, "auto")}, gpu-layers {Name(o.GpuLayers, "auto")}, experts {Name(o.Experts, "gpu")}";

    static string Name(string? value, string fallback) => Blank(value) ? fallback : value!.Trim().ToLowerInvariant();

    static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);

    static bool Is(string? value, string word) => string.Equals(value?.Trim(), word, StringComparison.OrdinalIgnoreCase);

    static string Quote(string? value)
    {
        var printable = new string([.. value!.Select(c => char.IsControl(c) ? '?' : c)]);
        return printable.Length <= Shown ? printable : $"{printable[..Shown]}... ({printable.Length} characters)";
    }
}
