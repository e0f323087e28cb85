using System.Reflection;
using LongDoc.Runtime.Models;

namespace LongDoc.Benchmarks;

/// <summary>
/// Loads a model with our runtime's loader: <c>ModelLoader.Load(string path, RuntimeOptions options) -> LoadedModel</c>
/// with <c>LoadedModel.Model</c> (ILanguageModel) and <c>RuntimeOptions { ContextSize, Threads, KvCacheType }</c>,
/// as documented by the `model` branch. That branch was not merged when this was written, so the call is bound by
/// name at run time: this project compiles either way, and once ModelLoader is in, this file can become the one-line
/// direct call. Until then the llama.cpp side still runs and ours reports why it could not.
/// </summary>
sealed class OurRuntime : IDisposable
{
    const string LoaderType = "LongDoc.Runtime.Models.ModelLoader";
    const string OptionsType = "LongDoc.Runtime.Models.RuntimeOptions";

    readonly IDisposable _loaded;
    public ILanguageModel Model { get; }

    OurRuntime(IDisposable loaded, ILanguageModel model) => (_loaded, Model) = (loaded, model);

    public static OurRuntime Load(string path, int contextSize, int threads, string kvType)
    {
        Assembly runtime = typeof(ILanguageModel).Assembly;
        var loader = runtime.GetType(LoaderType)
            ?? throw new NotSupportedException($"{runtime.GetName().Name} has no {LoaderType} yet (the `model` branch is not merged)");
        var optionsType = runtime.GetType(OptionsType)
            ?? throw new NotSupportedException($"{runtime.GetName().Name} has no {OptionsType} yet");
        var load = loader.GetMethod("Load", [typeof(string), optionsType])
            ?? throw new NotSupportedException($"{LoaderType} has no Load(string, RuntimeOptions)");

        object options = Activator.CreateInstance(optionsType)!;
        Set(options, "ContextSize", contextSize);
        Set(options, "Threads", threads);
        var kvProperty = optionsType.GetProperty("KvCacheType") ?? throw new NotSupportedException($"{OptionsType} has no KvCacheType");
        kvProperty.SetValue(options, Enum.Parse(kvProperty.PropertyType, kvType, ignoreCase: true));

        object loaded;
        try { loaded = load.Invoke(null, [path, options])!; }
        catch (TargetInvocationException e) when (e.InnerException is not null) { throw e.InnerException; }
        var model = loaded.GetType().GetProperty("Model")?.GetValue(loaded) as ILanguageModel
            ?? throw new NotSupportedException($"{loaded.GetType().Name} has no Model property of type ILanguageModel");
        return new OurRuntime((IDisposable)loaded, model);
    }

    static void Set(object target, string name, object value) =>
        (target.GetType().GetProperty(name) ?? throw new NotSupportedException($"{OptionsType} has no {name}")).SetValue(target, value);

    public void Dispose() => _loaded.Dispose();
}
