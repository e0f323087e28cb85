using System.CommandLine;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;

namespace LongDoc.Cli.Commands;

/// <summary>Options shared by every command that runs a model, and the one place that turns them into a loaded model.</summary>
sealed class ModelOptions
{
    public readonly Option<string> Model;
    public readonly Option<int> Threads = new("--threads", "-t") { Description = "CPU threads (0 = all cores)", DefaultValueFactory = _ => 0 };
    public readonly Option<int> Context = new("--ctx", "-c") { Description = "Context size in tokens (0 = the model's trained context, lowered to what the free memory allows, said on stderr; an endpoint's: what the engine says)", DefaultValueFactory = _ => 0 };
    public readonly Option<string> KvCache;
    public readonly Option<string> Device = DeviceOption.Create();
    public readonly Option<string> GpuLayers = PlacementFlags.GpuLayers();
    public readonly Option<string> Experts = PlacementFlags.Experts();
    public readonly Option<string> Attention = new("--attention") { Description = "Attention: auto (native for models trained with sparse attention, else sparse), native (the model's own: its DSA indexer's selection where it has one, else dense), sparse (block-sparse over the selected key blocks) or dense (every position)", DefaultValueFactory = _ => "auto" };
    public readonly Option<int> SparseBlock = new("--sparse-block") { Description = "Sparse attention: tokens per key block", DefaultValueFactory = _ => 64 };
    public readonly Option<int> SparseBudget = new("--sparse-budget") { Description = "Sparse attention: tokens read per query (sink + window + top blocks); shorter contexts run dense", DefaultValueFactory = _ => 4096 };
    public readonly Option<int> SparseWindow = new("--sparse-window") { Description = "Sparse attention: last tokens always read", DefaultValueFactory = _ => 1024 };
    public readonly Option<string> DenseLayers = new("--dense-layers") { Description = "Sparse attention: layers that stay dense, comma-separated (none for no layer)", DefaultValueFactory = _ => "0,1" };
    public readonly Option<string> SparseScore = new("--sparse-score") { Description = "Sparse attention: block ranking, quest (upper bound from per-block min/max keys) or meankey", DefaultValueFactory = _ => "quest" };
    /// <summary>Added by generate and logits only (<see cref="AddExplainTo"/>).</summary>
    public readonly Option<bool> ExplainAttention = new("--explain-attention") { Description = "Print per layer the key blocks read and the share of the dense attention mass they hold (dense is also computed, for comparison) to stderr" };

    /// <param name="modelRequired">False for the document jobs, which find a model themselves (ModelResolver) or run extractive.</param>
    public ModelOptions(string defaultKv = "f16", bool modelRequired = true)
    {
        Model = new("--model", "-m")
        {
            Description = modelRequired ? "GGUF file or Hugging Face folder (config.json + *.safetensors)"
                : "GGUF file, Hugging Face folder, a name from `longdoc models`, or an OpenAI-compatible endpoint (http://gpu1:8000/v1#model); default: LONGDOC_MODEL, appsettings, then the smallest model found on disk; none = extractive mode",
            Required = modelRequired,
        };
        KvCache = new("--kv") { Description = "KV cache precision: f16 or f32", DefaultValueFactory = _ => defaultKv };
        KvCache.AcceptOnlyFromAmong("f16", "f32");
        Attention.AcceptOnlyFromAmong("auto", "native", "sparse", "dense");
        SparseScore.AcceptOnlyFromAmong("quest", "meankey");
    }

    public void AddExplainTo(Command command) => command.Options.Add(ExplainAttention);

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Threads);
        command.Options.Add(Context);
        command.Options.Add(KvCache);
        command.Options.Add(Device);
        command.Options.Add(GpuLayers);
        command.Options.Add(Experts);
        command.Options.Add(Attention);
        command.Options.Add(SparseBlock);
        command.Options.Add(SparseBudget);
        command.Options.Add(SparseWindow);
        command.Options.Add(DenseLayers);
        command.Options.Add(SparseScore);
    }

    public RuntimeOptions Runtime(ParseResult result, int minContext = 0) => new()
    {
        Threads = result.GetValue(Threads),
        ContextSize = Math.Max(result.GetValue(Context), minContext),
        KvCacheType = result.GetValue(KvCache) == "f32" ? KvCacheType.F32 : KvCacheType.F16,
        Device = DeviceOption.Parse(result.GetValue(Device)),
        GpuLayers = PlacementFlags.ParseGpuLayers(result.GetValue(GpuLayers)),
        Experts = PlacementFlags.ParseExperts(result.GetValue(Experts)),
        Log = DeviceOption.Notice,
        Attention = AttentionOptions(result),
    };

    /// <summary>The --attention and --sparse-* flags, validated (ArgumentException names the flag).</summary>
    public SparseAttentionOptions AttentionOptions(ParseResult result)
    {
        bool explain = result.GetResult(ExplainAttention) is not null && result.GetValue(ExplainAttention);
        var options = new SparseAttentionOptions
        {
            Mode = Enum.Parse<AttentionMode>(result.GetValue(Attention)!, ignoreCase: true),
            Block = result.GetValue(SparseBlock),
            Budget = result.GetValue(SparseBudget),
            Window = result.GetValue(SparseWindow),
            DenseLayers = SparseAttentionOptions.ParseLayers(result.GetValue(DenseLayers) ?? ""),
            Score = result.GetValue(SparseScore) == "meankey" ? BlockScore.MeanKey : BlockScore.Quest,
            Explain = explain,
            ExplainMass = explain,
        };
        options.Validate();
        return options;
    }
}
