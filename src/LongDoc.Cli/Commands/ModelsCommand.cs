using System.CommandLine;
using System.Text.Json;
using LongDoc.Runtime.Discovery;
using LongDoc.Runtime.Models;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `longdoc models [--format text|json]`: the models already on disk (Ollama's store, the Hugging Face cache) with
/// architecture, size, parameters and quantization, read from headers only; and which model a run would pick.
/// An unreadable entry is listed with its error; it does not stop the listing.
/// </summary>
static class ModelsCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("models", "List models found on disk (Ollama, Hugging Face cache) and the one a run would use") { format };
        command.SetAction(r => ModelErrors.Guard(() => List(r.GetValue(format)!)));
        return command;
    }

    static int List(string format)
    {
        var paths = ModelSearchPaths.FromEnvironment();
        var entries = ModelCatalog.Scan(paths);
        string chosen;
        try { chosen = ModelResolver.Resolve(null, paths) is { } r ? $"{r.Name} ({r.Origin})" : "none: commands run in extractive mode"; }
        catch (ModelDiscoveryException e) { chosen = $"error: {e.Message}"; }

        if (format == "json")
        {
            var report = new
            {
                models = entries.Select(e => new
                {
                    name = e.Name, source = e.Source, path = e.Path, architecture = e.Architecture, supported = e.Supported,
                    sizeBytes = e.SizeBytes, parameters = e.Parameters, quantization = e.Quantization, error = e.Error,
                }),
                ollama = paths.OllamaModels, huggingface = paths.HuggingFaceHub,
                supportedArchitectures = Architectures.Supported, defaultModel = chosen,
            };
            Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Ok;
        }

        string[] header = ["NAME", "SOURCE", "ARCHITECTURE", "SIZE", "PARAMS", "QUANT"];
        var rows = entries.Select(e => e.Error is not null
            ? [e.Name, e.Source, "error", "", "", e.Error]
            : new[] { e.Name, e.Source, e.Supported ? e.Architecture! : $"{e.Architecture} (unsupported)", Bytes(e.SizeBytes),
                e.Parameters is long p ? Count(p) : "", e.Quantization ?? "" }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => i < 5 ? r[i].Length : 0).Append(h.Length).Max()).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i < 5 ? c.PadRight(widths[i]) : c)).TrimEnd();
        Console.WriteLine(Line(header));
        foreach (var row in rows) Console.WriteLine(Line(row));
        if (rows.Count == 0) Console.WriteLine("(no models found)");
        Console.WriteLine();
        Console.WriteLine($"searched: ollama {paths.OllamaModels}, huggingface {paths.HuggingFaceHub}");
        Console.WriteLine($"supported architectures: {string.Join(", ", Architectures.Supported)}");
        Console.WriteLine($"default model: {chosen}");
        return ExitCodes.Ok;
    }

    static string Count(long n) => n >= 1e9 ? $"{n / 1e9:F1}B" : n >= 1e6 ? $"{n / 1e6:F1}M" : $"{n / 1e3:F1}K";
    static string Bytes(long n) => n >= 1L << 30 ? $"{n / (double)(1L << 30):F1} GiB" : n >= 1L << 20 ? $"{n / (double)(1L << 20):F1} MiB" : $"{n / 1024.0:F1} KiB";
}
