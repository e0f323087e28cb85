using System.Globalization;

namespace LongDoc.Runtime.Backends.Placement;

/// <summary>Bytes one side holds: weights, KV cache (with what grows with the context), scratch (activations, staging).</summary>
public readonly record struct SideBytes(long Weights, long KvCache, long Scratch)
{
    public long Total => Weights + KvCache + Scratch;
}

/// <summary>
/// Where a model runs on a CUDA device (README "GPU (CUDA)", placement): the first <see cref="DeviceLayers"/> of
/// <see cref="Layers"/> layers on the device (their routed experts too unless <see cref="Experts"/> is Cpu), the rest on
/// the CPU; the output matrix on the device when every layer is and it fits (llama.cpp's rule), the embedding lookup in
/// host RAM (as llama.cpp's input layer); prefill in chunks of <see cref="Batch"/> tokens. <see cref="Device"/> and
/// <see cref="Host"/> are the bytes each side holds at <see cref="Context"/> tokens; host weights are the memory-mapped
/// file's pages the CPU reads, and the host KV cache holds every layer (the device keeps a mirror of its layers').
/// </summary>
public sealed record PlacementPlan(int Layers, int DeviceLayers, ExpertPlacement Experts, bool OutputOnDevice, int Context, int Batch,
    long FreeDevice, long Headroom, SideBytes Device, SideBytes Host, bool Moe)
{
    /// <summary>Whether layer <paramref name="layer"/> runs on the device.</summary>
    public bool OnDevice(int layer) => layer < DeviceLayers;

    /// <summary>Whether the routed experts of layer <paramref name="layer"/> run on the device.</summary>
    public bool ExpertsOnDevice(int layer) => OnDevice(layer) && Experts == ExpertPlacement.Gpu;

    /// <summary>The plan as <c>longdoc model info --device</c> prints it, one line each.</summary>
    public IEnumerable<string> Describe()
    {
        yield return $"device memory  {Size(FreeDevice)} free, planned against {Size(FreeDevice - Headroom)} ({Size(Headroom)} kept free)";
        yield return $"layers         {Where()}";
        yield return $"output         {(OutputOnDevice ? "device" : "host")}; embedding lookup host";
        yield return $"context        {Context:N0} tokens, prefill in chunks of {Batch}";
        yield return $"device         {Side(Device)}";
        yield return $"host           {Side(Host)}";
    }

    /// <summary>One line for the log when a model is loaded.</summary>
    public string Summary() =>
        $"placement: {Where()}; device {Size(Device.Total)} of {Size(FreeDevice)} free (weights {Size(Device.Weights)}, KV cache {Size(Device.KvCache)}, scratch {Size(Device.Scratch)}); prefill chunks of {Batch}";

    string Where()
    {
        string layers = DeviceLayers == Layers ? $"all {Layers} on the device"
            : DeviceLayers == 0 ? $"all {Layers} on the host" : $"0..{DeviceLayers - 1} on the device, {DeviceLayers}..{Layers - 1} on the host";
        return Moe && DeviceLayers > 0 && Experts == ExpertPlacement.Cpu ? $"{layers}, routed experts on the host" : layers;
    }

    static string Side(SideBytes s) => $"{Size(s.Total)}: weights {Size(s.Weights)}, KV cache {Size(s.KvCache)}, scratch {Size(s.Scratch)}";

    /// <summary>Bytes in GB, MB or KB (decimal, as the context notices).</summary>
    public static string Size(long bytes) => bytes >= 1_000_000_000 ? (bytes / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " GB"
        : bytes >= 1_000_000 ? (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB"
        : bytes >= 1000 ? (bytes / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " KB" : $"{bytes} B";
}
