using System.CommandLine;
using System.Globalization;
using LongDoc.Runtime.Backends.Placement;

namespace LongDoc.Cli.Commands;

/// <summary>`--gpu-layers auto|all|N` and `--experts gpu|cpu`: what of a model a CUDA device holds (README "GPU (CUDA)").</summary>
static class PlacementFlags
{
    public static Option<string> GpuLayers() => new("--gpu-layers", "-ngl")
    {
        Description = "CUDA: the first N layers on the device, the rest on the CPU; auto = as many as fit, all = every layer " +
            "(a number above the model's layer count means all, as llama.cpp clamps -ngl)",
        DefaultValueFactory = _ => "auto",
    };

    public static Option<string> Experts()
    {
        var option = new Option<string>("--experts")
        {
            Description = "CUDA, MoE models: gpu (routed experts on the device with their layer) or cpu (kept in host RAM and run by the CPU while " +
                "attention, router and shared experts run on the device: a model larger than the GPU, with a large RAM)",
            DefaultValueFactory = _ => "gpu",
        };
        option.AcceptOnlyFromAmong("gpu", "cpu");
        return option;
    }

    /// <summary>null for auto, int.MaxValue for all, else the count; an <see cref="ArgumentException"/> naming the flag otherwise.</summary>
    public static int? ParseGpuLayers(string? value) => value?.Trim() switch
    {
        null or "" or "auto" => null,
        "all" => int.MaxValue,
        var v when int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) =>
            n >= 0 ? n : throw new ArgumentException($"--gpu-layers {n}: a layer count cannot be negative (0 keeps every layer on the CPU)"),
        var v => throw new ArgumentException($"--gpu-layers '{v}': expected auto, all or a number of layers from 0"),
    };

    public static ExpertPlacement ParseExperts(string? value) => value == "cpu" ? ExpertPlacement.Cpu : ExpertPlacement.Gpu;
}
