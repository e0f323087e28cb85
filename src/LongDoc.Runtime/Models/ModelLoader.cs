using LongDoc.Runtime.Backends;

namespace LongDoc.Runtime.Models;

/// <summary>Opens a GGUF file or Hugging Face folder and builds the model for its architecture on the backend RuntimeOptions.Device selects.</summary>
public static class ModelLoader
{
    public static LoadedModel Load(string path, RuntimeOptions? options = null)
    {
        options ??= new RuntimeOptions();
        if (options.ContextSize < 0) throw new ArgumentOutOfRangeException(nameof(options), $"ContextSize {options.ContextSize} is negative");
        if (options.Threads < 0) throw new ArgumentOutOfRangeException(nameof(options), $"Threads {options.Threads} is negative");
        if (options.MaxBatch < 1) throw new ArgumentOutOfRangeException(nameof(options), $"MaxBatch {options.MaxBatch} must be at least 1");
        options.Attention.Validate();
        var files = ModelFiles.Open(path);
        IBackend? backend = null;
        try
        {
            Architectures.Of(files.Config, path); // fail before allocating the cache
            backend = BackendFactory.Create(options);
            var choice = Context(files, backend, options);
            if (choice.Notice is { } notice) options.Log?.Invoke(notice);
            int context = choice.Tokens;
            var model = new TransformerModel(files.Config, files.Weights, backend, context, options.KvCacheType, options.MaxBatch, options.Attention);
            return new LoadedModel(files, backend, model);
        }
        catch
        {
            backend?.Dispose();
            files.Dispose();
            throw;
        }
    }

    /// <summary>--ctx, or the default that fits the model and the memory (<see cref="DefaultContext"/>).</summary>
    static ContextChoice Context(ModelFiles files, IBackend backend, RuntimeOptions options)
    {
        var (trained, note) = DefaultContext.Trained(files.Config, files.GgufMetadata);
        var facts = new MemoryFacts(
            FreeMemory.AvailableBytes(),
            options.ContextSize > 0 || backend is not Backends.Cuda.CudaBackend cuda ? null : cuda.Device.MemoryInfo().Free,
            files.FileBytes,
            ContextMemory.HostBytesPerToken(files.Config, options.KvCacheType, options.Attention, options.MaxBatch),
            ContextMemory.DeviceBytesPerToken(files.Config, options.KvCacheType));
        return DefaultContext.Choose(options.ContextSize, trained, facts, note);
    }
}
