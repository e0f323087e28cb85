using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Placement;

namespace LongDoc.Runtime.Models;

/// <summary>Opens a GGUF file or Hugging Face folder and builds the model for its architecture on the backend RuntimeOptions.Device
/// selects; on a CUDA device, placed as <see cref="PlacementPlanner"/> plans it against the device's free memory.</summary>
public static class ModelLoader
{
    public static LoadedModel Load(string path, RuntimeOptions? options = null)
    {
        options ??= new RuntimeOptions();
        if (options.ContextSize < 0) throw new ArgumentOutOfRangeException(nameof(options), $"ContextSize {options.ContextSize} is negative");
        if (options.Threads < 0) throw new ArgumentOutOfRangeException(nameof(options), $"Threads {options.Threads} is negative");
        if (options.MaxBatch < 1) throw new ArgumentOutOfRangeException(nameof(options), $"MaxBatch {options.MaxBatch} must be at least 1");
        if (options.GpuLayers < 0) throw new ArgumentOutOfRangeException(nameof(options), $"GpuLayers {options.GpuLayers} is negative (0 keeps every layer on the CPU)");
        options.Attention.Validate();
        var files = ModelFiles.Open(path);
        IBackend? backend = null;
        try
        {
            Architectures.Of(files.Config, path); // fail before allocating the cache
            backend = BackendFactory.Create(options);
            var (choice, plan) = Plan(files, backend, options);
            if (plan is null && backend is CudaBackend) backend = NotFitting(backend, options);
            if (choice.Notice is { } notice) options.Log?.Invoke(notice);
            if (plan is not null) options.Log?.Invoke(plan.Summary());
            var placed = plan is not null && backend is CudaBackend cuda ? new PlacedBackends(cuda, cuda.Host, plan) : PlacedBackends.All(backend);
            var model = new TransformerModel(files.Config, files.Weights, backend, choice.Tokens, options.KvCacheType, plan?.Batch ?? options.MaxBatch,
                options.Attention, placed);
            return new LoadedModel(files, backend, model);
        }
        catch
        {
            backend?.Dispose();
            files.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The context (--ctx, or the default that fits the model and the memory, <see cref="DefaultContext"/>) and, on a
    /// device with <paramref name="freeDevice"/> bytes free, the placement at that context (<see cref="PlacementPlanner"/>;
    /// <see cref="DeviceMemoryException"/> when nothing fits). The default context caps the KV cache by what the placed
    /// weights leave of the device, not the whole file.
    /// </summary>
    public static (ContextChoice Context, PlacementPlan? Plan) Plan(ModelFiles files, RuntimeOptions options, long? freeDevice, int multiprocessors)
    {
        var c = files.Config;
        var (trained, note) = DefaultContext.Trained(c, files.GgufMetadata);
        long hostPerToken = ContextMemory.HostBytesPerToken(c, options.KvCacheType, options.Attention, options.MaxBatch);
        if (freeDevice is not long free)
            return (DefaultContext.Choose(options.ContextSize, trained, new MemoryFacts(FreeMemory.AvailableBytes(), null, files.FileBytes, hostPerToken, 0), note), null);
        var footprint = ModelFootprint.Of(c, files.Weights, options.KvCacheType, options.Attention, options.MaxBatch);
        long deviceWeights = files.FileBytes, devicePerToken = ContextMemory.DeviceBytesPerToken(c, options.KvCacheType);
        try
        {
            var bare = PlacementPlanner.Plan(footprint, options.GpuLayers, options.Experts, 0, options.MaxBatch, free, multiprocessors);
            (deviceWeights, devicePerToken) = (bare.Device.Weights + bare.Device.Scratch, bare.DeviceLayers * footprint.DeviceKvBytesPerTokenPerLayer);
        }
        catch (DeviceMemoryException) { }   // told below, at the chosen context
        var facts = new MemoryFacts(FreeMemory.AvailableBytes(), options.ContextSize > 0 ? null : free, files.FileBytes, hostPerToken, devicePerToken, deviceWeights);
        var choice = DefaultContext.Choose(options.ContextSize, trained, facts, note);
        return (choice, PlacementPlanner.Plan(footprint, options.GpuLayers, options.Experts, choice.Tokens, options.MaxBatch, free, multiprocessors));
    }

    /// <summary>Free device memory is measured once the backend holds its kernels, before any weight is uploaded.</summary>
    static (ContextChoice Context, PlacementPlan? Plan) Plan(ModelFiles files, IBackend backend, RuntimeOptions options)
    {
        if (backend is not CudaBackend cuda) return Plan(files, options, null, 0);
        try { return Plan(files, options, cuda.Device.MemoryInfo().Free, cuda.Device.Multiprocessors); }
        catch (DeviceMemoryException e) when (options.Device == DeviceKind.Auto)
        {
            options.Log?.Invoke($"device: cpu ({e.Message})");
            return Plan(files, options, null, 0);
        }
    }

    /// <summary>--device auto on a GPU the model does not fit: the CPU backend instead (the reason was logged).</summary>
    static IBackend NotFitting(IBackend cuda, RuntimeOptions options)
    {
        cuda.Dispose();
        return new Backends.Cpu.CpuBackend(options.Threads);
    }
}
