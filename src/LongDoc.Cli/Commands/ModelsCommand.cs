using System.CommandLine;
using System.Text.Json;
using LongDoc.Runtime.Discovery;
using LongDoc.Runtime.Models;
using LongDoc.Tasks.Models.Remote;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `longdoc models [--format text|json] [--model URL]`: the models already on disk (Ollama's store, the Hugging Face
/// cache) with architecture, size, parameters and quantization, read from headers only; the models an endpoint
/// serves (GET /v1/models) when --model, LONGDOC_MODEL or appsettings name one; and which model a run would pick.
/// An unreadable entry or an unreachable endpoint is listed with its error; it does not stop the listing.
/// </summary>
static class ModelsCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var endpoint = new Option<string?>("--model", "-m") { Description = "An OpenAI-compatible endpoint (http://gpu1:8000/v1) whose models to list too (default: LONGDOC_MODEL, appsettings)" };
        var keyFile = new RemoteModelFlags().ApiKeyFile;
        var command = new Command("models", "List models found on disk (Ollama, Hugging Face cache), an endpoint's, and the one a run would use") { format, endpoint, keyFile };
        command.SetAction((r, ct) => ModelErrors.Guard(() => List(r.GetValue(format)!, r.GetValue(endpoint), r.GetValue(keyFile), ct)));
        return command;
    }

    static async Task<int> List(string format, string? modelFlag, FileInfo? keyFile, CancellationToken ct)
    {
        var paths = ModelSearchPaths.FromEnvironment();
        var entries = ModelCatalog.Scan(paths);
        var endpoint = RemoteModelFlags.Find(modelFlag, paths);
        var remote = endpoint is null ? null : await Remote(endpoint, RemoteModelFlags.Key(keyFile), ct);
        string chosen;
        try
        {
            chosen = endpoint is not null ? $"{endpoint.Model ?? remote?.Models.FirstOrDefault()?.Id ?? "(none listed)"} ({endpoint})"
                : ModelResolver.Resolve(modelFlag, paths) is { } r ? $"{r.Name} ({r.Origin})" : "none: commands run in extractive mode";
        }
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
                endpoint = remote is null ? null : new
                {
                    url = endpoint!.ToString(), models = remote.Models.Select(m => new { id = m.Id, ownedBy = m.OwnedBy, maxModelLen = m.MaxModelLen }),
                    error = remote.Error,
                },
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
        if (remote is not null)
            rows.AddRange(remote.Error is not null ? [[endpoint!.ToString(), "endpoint", "error", "", "", remote.Error]]
                : remote.Models.Select(m => new[] { m.Id, "endpoint", "served", "", "", m.MaxModelLen is int n ? $"context {n}" : "" }));
        var widths = header.Select((h, i) => rows.Select(r => i < 5 ? r[i].Length : 0).Append(h.Length).Max()).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i < 5 ? c.PadRight(widths[i]) : c)).TrimEnd();
        Console.WriteLine(Line(header));
        foreach (var row in rows) Console.WriteLine(Line(row));
        if (rows.Count == 0) Console.WriteLine("(no models found)");
        Console.WriteLine();
        Console.WriteLine($"searched: ollama {paths.OllamaModels}, huggingface {paths.HuggingFaceHub}" + (endpoint is null ? "" : $", endpoint {endpoint}"));
        Console.WriteLine($"supported architectures: {string.Join(", ", Architectures.Supported)}");
        Console.WriteLine($"default model: {chosen}");
        return ExitCodes.Ok;
    }

    sealed record Served(IReadOnlyList<RemoteModelCard> Models, string? Error);

    static async Task<Served> Remote(RemoteEndpoint endpoint, string? key, CancellationToken ct)
    {
        using var http = new RemoteHttp(endpoint, new RemoteModelOptions { ApiKey = key });
        try { return new Served(await RemoteCatalog.ListAsync(http, ct), null); }
        catch (RemoteModelException e) { return new Served([], e.Message); }
    }

    static string Count(long n) => n >= 1e9 ? $"{n / 1e9:F1}B" : n >= 1e6 ? $"{n / 1e6:F1}M" : $"{n / 1e3:F1}K";
    static string Bytes(long n) => n >= 1L << 30 ? $"{n / (double)(1L << 30):F1} GiB" : n >= 1L << 20 ? $"{n / (double)(1L << 20):F1} MiB" : $"{n / 1024.0:F1} KiB";
}
