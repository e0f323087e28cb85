using System.CommandLine;
using LongDoc.Runtime.Models;

namespace LongDoc.Cli.Commands;

/// <summary>Options shared by every command that runs a model, and the one place that turns them into a loaded model.</summary>
sealed class ModelOptions
{
    public readonly Option<string> Model = new("--model", "-m") { Description = "GGUF file or Hugging Face folder (config.json + *.safetensors)", Required = true };
    public readonly Option<int> Threads = new("--threads", "-t") { Description = "CPU threads (0 = all cores)", DefaultValueFactory = _ => 0 };
    public readonly Option<int> Context = new("--ctx", "-c") { Description = "Context size in tokens (0 = the model's, capped at 8192)", DefaultValueFactory = _ => 0 };
    public readonly Option<string> KvCache;
    public readonly Option<string> Device = DeviceOption.Create();

    public ModelOptions(string defaultKv = "f16")
    {
        KvCache = new("--kv") { Description = "KV cache precision: f16 or f32", DefaultValueFactory = _ => defaultKv };
        KvCache.AcceptOnlyFromAmong("f16", "f32");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Threads);
        command.Options.Add(Context);
        command.Options.Add(KvCache);
        command.Options.Add(Device);
    }

    public RuntimeOptions Runtime(ParseResult result, int minContext = 0) => new()
    {
        Threads = result.GetValue(Threads),
        ContextSize = Math.Max(result.GetValue(Context), minContext),
        KvCacheType = result.GetValue(KvCache) == "f32" ? KvCacheType.F32 : KvCacheType.F16,
        Device = DeviceOption.Parse(result.GetValue(Device)),
        Log = DeviceOption.Notice,
    };
}
