using System.CommandLine;
using System.Text.Json;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Cli.Commands;

/// <summary>`longdoc model info PATH [--format text|json]`: what a model file is, before running it.</summary>
static class ModelCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "GGUF file or Hugging Face folder" };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var info = new Command("info", "Architecture, shapes, parameters (total and active per token), tensor types, chat template, KV bytes per token") { path, format };
        info.SetAction(r => ModelErrors.Guard(() => Info(r.GetValue(path)!, r.GetValue(format)!)));
        return new Command("model", "Inspect model files") { info };
    }

    static int Info(string path, string format)
    {
        using var files = ModelFiles.Open(path);
        var c = files.Config;
        var size = ModelSize.Of(c, files.Weights);
        var types = files.Weights.TensorTypes.GroupBy(kv => kv.Value).OrderByDescending(g => g.Count())
            .ToDictionary(g => g.Key.ToString(), g => g.Count());
        var typeBits = types.Keys.ToDictionary(t => t, t => GgmlTypeInfo.BitsPerWeight(Enum.Parse<GgmlType>(t)));
        double bitsPerWeight = AverageBits(files.Weights);
        var template = ModelTokenizers.ChatTemplateName(files);
        var report = new
        {
            source = files.Source, architecture = c.Architecture, fileBytes = files.FileBytes,
            contextLength = c.ContextLength, embedding = c.EmbeddingLength, layers = c.BlockCount,
            heads = c.HeadCount, kvHeads = c.HeadCountKv, keyLength = c.KeyLength, valueLength = c.ValueLength,
            vocab = c.VocabSize, feedForward = c.FeedForwardLength, experts = c.ExpertCount, expertsUsed = c.ExpertUsedCount,
            expertFeedForward = c.ExpertFeedForwardLength, ropeBase = c.RopeFreqBase, rope = c.RopeStyle.ToString(),
            tiedEmbeddings = c.TiedEmbeddings, totalParameters = size.TotalParameters, activeParameters = size.ActiveParameters,
            kvBytesPerTokenF16 = size.KvBytesPerTokenF16, kvBytesPerTokenF32 = size.KvBytesPerTokenF32,
            tensorTypes = types, typeBitsPerWeight = typeBits, bitsPerWeight = Math.Round(bitsPerWeight, 3), chatTemplate = template,
            mla = c.IsMla ? new { qLoraRank = c.QLoraRank, kvLoraRank = c.KvLoraRank, ropeDims = c.RopeDimensionCount, latentPerToken = c.KvLoraRank + c.RopeDimensionCount } : null,
            leadingDenseLayers = c.LeadingDenseBlockCount, sharedExperts = c.ExpertSharedCount,
        };
        if (format == "json")
        {
            Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Ok;
        }
        Console.WriteLine($"""
            model          {files.Source}
            architecture   {c.Architecture}
            file size      {Bytes(files.FileBytes)}
            context        {c.ContextLength:N0} tokens
            shape          D={c.EmbeddingLength} layers={c.BlockCount} heads={c.HeadCount}/{c.HeadCountKv} (q/kv) head dims k={c.KeyLength} v={c.ValueLength} vocab={c.VocabSize:N0}
            feed-forward   {(c.IsMoe ? $"MoE: {c.ExpertCount} experts, {c.ExpertUsedCount} active, width {c.ExpertFeedForwardLength}{(c.ExpertSharedCount > 0 ? $", {c.ExpertSharedCount} shared" : "")}{(c.LeadingDenseBlockCount > 0 ? $"; first {c.LeadingDenseBlockCount} layer(s) dense, width {c.FeedForwardLength}" : "")}" : $"dense, width {c.FeedForwardLength}")}
            rope           {c.RopeStyle}, base {c.RopeFreqBase:G}{(c.Yarn is { } y ? $", YaRN x{y.Factor:G} over {y.OriginalContext:N0}" : "")}
            attention      {(c.IsMla ? $"MLA: q_lora {c.QLoraRank}, kv_lora {c.KvLoraRank}, rope {c.RopeDimensionCount}; cache holds the {c.KvLoraRank + c.RopeDimensionCount}-wide latent per token" : $"GQA: {c.HeadCount / Math.Max(c.HeadCountKv, 1)} query heads per KV head")}
            parameters     {Count(size.TotalParameters)} total, {Count(size.ActiveParameters)} active per token
            tensor types   {string.Join(", ", types.Select(t => $"{t.Key} x{t.Value} ({typeBits[t.Key]:0.###} bpw)"))}; {bitsPerWeight:F2} bits per weight overall
            chat template  {template}
            KV cache       {Bytes(size.KvBytesPerTokenF16)}/token (f16), {Bytes(size.KvBytesPerTokenF32)}/token (f32); {Bytes(size.KvBytesPerTokenF16 * Math.Min(c.ContextLength, 32768))} for {Math.Min(c.ContextLength, 32768):N0} tokens at f16
            """);
        return ExitCodes.Ok;
    }

    /// <summary>Storage bits per value over all tensors, weighted by their sizes (what a file type's name promises, roughly).</summary>
    static double AverageBits(IModelWeights weights)
    {
        double bits = 0;
        long values = 0;
        foreach (var (name, type) in weights.TensorTypes)
        {
            long n = weights.ElementCount(name);
            values += n;
            bits += n * GgmlTypeInfo.BitsPerWeight(type);
        }
        return values > 0 ? bits / values : 0;
    }

    static string Count(long n) => n >= 1e9 ? $"{n / 1e9:F2}B" : n >= 1e6 ? $"{n / 1e6:F2}M" : $"{n / 1e3:F1}K";
    static string Bytes(long n) => n >= 1L << 30 ? $"{n / (double)(1L << 30):F2} GiB" : n >= 1L << 20 ? $"{n / (double)(1L << 20):F1} MiB" : $"{n / 1024.0:F1} KiB";
}
