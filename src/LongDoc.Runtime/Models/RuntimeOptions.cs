namespace LongDoc.Runtime.Models;

/// <summary>How to run a model: context, KV cache precision, threads. Validated by <see cref="ModelLoader"/>.</summary>
public sealed record RuntimeOptions
{
    /// <summary>Tokens the KV cache holds; 0 = the model's trained context, lowered to what the free memory allows
    /// (<see cref="DefaultContext"/>, said through <see cref="Log"/>).</summary>
    public int ContextSize { get; init; }
    public KvCacheType KvCacheType { get; init; } = KvCacheType.F16;
    /// <summary>CPU threads; 0 = all cores.</summary>
    public int Threads { get; init; }
    /// <summary>Prompt tokens per prefill batch (activation buffers are sized for it).</summary>
    public int MaxBatch { get; init; } = 512;
    /// <summary>Where to run; the library defaults to the CPU, the command line to Auto (--device).</summary>
    public LongDoc.Runtime.Backends.DeviceKind Device { get; init; } = LongDoc.Runtime.Backends.DeviceKind.Cpu;
    /// <summary>On a CUDA device: the first N layers on the device, the rest in host RAM on the CPU; null = all that fit
    /// (<see cref="Backends.Placement.PlacementPlanner"/>). More than the model has means all of them, as llama.cpp's -ngl.</summary>
    public int? GpuLayers { get; init; }
    /// <summary>On a CUDA device: where the routed experts of MoE layers run (Cpu: kept in host RAM and run by the CPU
    /// while attention, shared experts and dense layers run on the device).</summary>
    public Backends.Placement.ExpertPlacement Experts { get; init; } = Backends.Placement.ExpertPlacement.Gpu;
    /// <summary>Memory of the simulated device (<c>--device cuda-sim</c>) in bytes; null = LONGDOC_CUDA_SIM_MEMORY, else 80 GiB.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long? SimulatedDeviceMemory { get; init; }
    /// <summary>libnvrtc's path when it is not on the loader's path (else LONGDOC_NVRTC, else the standard sonames).</summary>
    public string? NvrtcPath { get; init; }
    /// <summary>One-line notices for the user (device chosen, kernel compile times); the CLI writes them to stderr.
    /// Not a setting: kept out of serialized options (cache keys).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Action<string>? Log { get; init; }
    /// <summary>Dense or block-sparse attention and its block, budget, window, dense layers and score (README "Long documents: block-sparse attention").</summary>
    public Sparse.SparseAttentionOptions Attention { get; init; } = new();
}
