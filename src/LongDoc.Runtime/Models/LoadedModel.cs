using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>A model ready to run: its files (weights mapped), the backend and the model with its KV cache. Dispose releases all.</summary>
public sealed class LoadedModel(ModelFiles files, IBackend backend, TransformerModel model) : IDisposable
{
    public ModelFiles Files => files;
    public ModelConfig Config => files.Config;
    public IModelWeights Weights => files.Weights;
    public IBackend Backend => backend;
    public ILanguageModel Model => model;
    /// <summary>The concrete model, for diagnostics such as the router margin.</summary>
    public TransformerModel Transformer => model;

    public void Dispose()
    {
        model.Dispose();
        backend.Dispose();
        files.Dispose();
    }
}
