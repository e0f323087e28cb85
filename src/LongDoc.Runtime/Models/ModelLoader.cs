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
            var architecture = Architectures.Of(files.Config, path); // fail before allocating the cache
            int context = options.ContextSize > 0 ? options.ContextSize : Math.Min(files.Config.ContextLength, RuntimeOptions.DefaultContextCap);
            if (architecture.LoadNotice?.Invoke(files.Config, context) is { } notice) (options.Log ?? Console.Error.WriteLine)(notice);
            backend = BackendFactory.Create(options);
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
}
