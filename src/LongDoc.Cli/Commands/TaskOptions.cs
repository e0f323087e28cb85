using System.CommandLine;
using LongDoc.Documents;
using LongDoc.Documents.Readers;
using LongDoc.Runtime.Discovery;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Models.Remote;

namespace LongDoc.Cli.Commands;

/// <summary>
/// Options of the document jobs (summarize, ask, chat): the model flags every model command has (ModelOptions, with
/// --model optional here), and the jobs' own. The model is found by <see cref="ModelResolver"/> (--model, LONGDOC_MODEL,
/// appsettings, models on disk); none found, or --extractive, and the job runs in extractive mode.
/// </summary>
sealed class TaskOptions
{
    public readonly ModelOptions Model = new(modelRequired: false);
    public readonly Option<bool> Extractive = new("--extractive") { Description = "Extractive mode (no language model) even when a model is found" };
    public readonly Option<string?> ChatTemplate = new("--chat-template") { Description = "Chat template family when the model's own is missing: chatml, deepseek, deepseek2, llama3, mistral" };
    public readonly Option<string?> Password = new("--password") { Description = "User password of an encrypted PDF" };
    public readonly Option<int> MaxTokens = new("--max-tokens", "-n") { Description = "Most tokens the model writes per answer or summary", DefaultValueFactory = _ => 512 };
    public readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "No progress on stderr" };
    public readonly DocumentCacheOptions Cache = new();
    public readonly OcrFlags Ocr = new();
    public readonly RemoteModelFlags Remote = new();

    public void AddTo(Command command)
    {
        Model.AddTo(command);
        foreach (var option in new Option[] { Extractive, ChatTemplate, MaxTokens, Password, Quiet }) command.Options.Add(option);
        Cache.AddTo(command);
        Ocr.AddTo(command);
        Remote.AddTo(command);
    }

    /// <summary>How the document is read: --password and the OCR flags.</summary>
    public ReadOptions Reading(ParseResult result) => Ocr.Apply(result, ReadOptions.Default with { Password = result.GetValue(Password) });

    /// <summary>
    /// The model for this run, or null for extractive mode; says on stderr which model and why (or why none).
    /// A --model, LONGDOC_MODEL or appsettings value that names nothing is a ModelDiscoveryException (exit 2); one
    /// that is an http(s) URL is an engine's endpoint (<see cref="RemoteModelFlags.Find"/>).
    /// </summary>
    public ModelChoice? Resolve(ParseResult result, ProgressView progress)
    {
        if (result.GetValue(Extractive))
        {
            progress.Info("--extractive: extractive mode (no language model)");
            return null;
        }
        if (RemoteModelFlags.Find(result.GetValue(Model.Model)) is { } endpoint)
        {
            progress.Info($"model endpoint {endpoint}" + (endpoint.Model is { } name ? $", model {name}" : ""));
            return new ModelChoice(null, endpoint);
        }
        var model = ModelResolver.Resolve(result.GetValue(Model.Model));
        progress.Info(model is null
            ? "no model (--model, LONGDOC_MODEL, appsettings, Ollama's store, Hugging Face cache): extractive mode"
            : $"model {model.Name} ({model.Path}), from {model.Origin}");
        return model is null ? null : new ModelChoice(model, null);
    }

    /// <summary>
    /// Opens the chosen model: an endpoint's with the remote flags (it says on stderr where its context and token
    /// counts come from); a local one loaded with the model flags, its document cache as --cache-dir / --no-cache say.
    /// </summary>
    public OpenedModel Open(ParseResult result, ModelChoice choice, Document document, ProgressView progress, CancellationToken ct = default)
    {
        if (choice.Remote is { } endpoint)
        {
            var remote = RemoteDocumentModel.OpenAsync(endpoint, Remote.Options(result, result.GetValue(Model.Context)), ct).GetAwaiter().GetResult();
            progress.Info(remote.Description);
            return new OpenedModel(remote, remote);
        }
        var opened = RuntimeDocumentModel.Open(choice.Local!.Path, Model.Runtime(result), result.GetValue(ChatTemplate));
        try
        {
            Cache.Apply(result, opened, document, progress);
            return new OpenedModel(opened, opened);
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    public ProgressView Progress(ParseResult result) => new(result.GetValue(Quiet));
}

/// <summary>The model a job runs: one on disk (<see cref="Local"/>) or an engine's (<see cref="Remote"/>).</summary>
sealed record ModelChoice(ResolvedModel? Local, RemoteEndpoint? Remote);

/// <summary>An opened model and what to dispose when the job ends.</summary>
sealed record OpenedModel(IDocumentModel Model, IDisposable Owner) : IDisposable
{
    public void Dispose() => Owner.Dispose();
}
