using System.CommandLine;
using LongDoc.Runtime.Models;
using LongDoc.Tasks.Models;

namespace LongDoc.Cli.Commands;

/// <summary>
/// Options of the document jobs (summarize, ask, chat). The model is optional: --model, else the LONGDOC_MODEL
/// environment variable, else none, and the job runs in extractive mode.
/// </summary>
sealed class TaskOptions
{
    public const string ModelVariable = "LONGDOC_MODEL";

    public readonly Option<string?> Model = new("--model", "-m") { Description = $"GGUF file or Hugging Face folder; default ${ModelVariable}; none = extractive mode (no model)" };
    public readonly Option<int> Threads = new("--threads", "-t") { Description = "CPU threads (0 = all cores)", DefaultValueFactory = _ => 0 };
    public readonly Option<int> Context = new("--ctx", "-c") { Description = "Context size in tokens (0 = the model's, capped at 8192)", DefaultValueFactory = _ => 0 };
    public readonly Option<string?> ChatTemplate = new("--chat-template") { Description = "Chat template family when the model's own is missing: chatml, deepseek, deepseek2, llama3, mistral" };
    public readonly Option<string?> Password = new("--password") { Description = "User password of an encrypted PDF" };
    public readonly Option<int> MaxTokens = new("--max-tokens", "-n") { Description = "Most tokens the model writes per answer or summary", DefaultValueFactory = _ => 512 };
    public readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "No progress on stderr" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, Threads, Context, ChatTemplate, MaxTokens, Password, Quiet }) command.Options.Add(option);
    }

    /// <summary>The model path from --model or LONGDOC_MODEL; null means extractive mode.</summary>
    public string? ModelPath(ParseResult result)
    {
        var path = result.GetValue(Model);
        if (string.IsNullOrWhiteSpace(path)) path = Environment.GetEnvironmentVariable(ModelVariable);
        return string.IsNullOrWhiteSpace(path) ? null : path;
    }

    public RuntimeDocumentModel Open(ParseResult result, string path) => RuntimeDocumentModel.Open(path,
        new RuntimeOptions { Threads = result.GetValue(Threads), ContextSize = result.GetValue(Context) }, result.GetValue(ChatTemplate));

    public ProgressView Progress(ParseResult result) => new(result.GetValue(Quiet));
}
