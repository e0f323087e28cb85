using System.CommandLine;
using LongDoc.Runtime.Discovery;
using LongDoc.Tasks.Models.Remote;

namespace LongDoc.Cli.Commands;

/// <summary>
/// The flags of a model served over the OpenAI API (`--model http://gpu1:8000/v1#name`, or LONGDOC_MODEL, or the
/// appsettings' LongDoc:Model, holding such a URL): the key, the local tokenizer and the concurrency. --ctx is the
/// model flags' own (ModelOptions).
/// </summary>
sealed class RemoteModelFlags
{
    /// <summary>Environment variable holding the API key (a key file is the other way; never a flag: flags show in `ps`).</summary>
    public const string KeyVariable = "LONGDOC_API_KEY";

    public readonly Option<FileInfo?> ApiKeyFile = new("--api-key-file") { Description = $"Endpoint models: file holding the API key (else {KeyVariable})" };
    public readonly Option<string?> Tokenizer = new("--tokenizer") { Description = "Endpoint models: tokenizer.json or GGUF file counting tokens when the engine has no /tokenize" };
    public readonly Option<int> MaxConcurrent = new("--max-concurrent") { Description = "Endpoint models: requests sent at once by map-reduce summaries", DefaultValueFactory = _ => 1 };

    public readonly Option<double> FirstTokenTimeout = new("--first-token-timeout") { Description = "Endpoint models: seconds to wait for the first token (the engine's prefill)", DefaultValueFactory = _ => 600 };
    public readonly Option<double> TokenTimeout = new("--token-timeout") { Description = "Endpoint models: seconds to wait between tokens", DefaultValueFactory = _ => 60 };
    public readonly Option<int> MaxRetries = new("--max-retries") { Description = "Endpoint models: retries of a request refused with 429/502/503/504", DefaultValueFactory = _ => 3 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { ApiKeyFile, Tokenizer, MaxConcurrent, FirstTokenTimeout, TokenTimeout, MaxRetries })
            command.Options.Add(option);
    }

    /// <summary>
    /// The endpoint the first rule of ModelResolver names (--model, LONGDOC_MODEL, appsettings), when that value is
    /// an http(s) URL; null when it names a local model or nothing.
    /// </summary>
    public static RemoteEndpoint? Find(string? modelFlag, ModelSearchPaths? paths = null)
    {
        paths ??= ModelSearchPaths.FromEnvironment();
        string? value = !string.IsNullOrWhiteSpace(modelFlag) ? modelFlag
            : paths.ModelFromEnvironment ?? paths.AppSettingsFiles.Select(ModelResolver.FromAppSettings).FirstOrDefault(v => v is not null);
        return RemoteEndpoint.IsEndpoint(value) ? RemoteEndpoint.Parse(value!) : null;
    }

    public RemoteModelOptions Options(ParseResult result, int context)
    {
        int concurrent = result.GetValue(MaxConcurrent);
        if (concurrent < 1) throw new ArgumentException($"--max-concurrent {concurrent}: must be at least 1");
        int retries = result.GetValue(MaxRetries);
        if (retries is < 0 or > 20) throw new ArgumentException($"--max-retries {retries}: must be 0 to 20");
        return new()
        {
            ApiKey = Key(result.GetValue(ApiKeyFile)),
            ContextSize = context,
            TokenizerPath = result.GetValue(Tokenizer),
            MaxConcurrent = concurrent,
            FirstTokenTimeout = Seconds(result.GetValue(FirstTokenTimeout), "--first-token-timeout"),
            TokenTimeout = Seconds(result.GetValue(TokenTimeout), "--token-timeout"),
            MaxRetries = retries,
        };
    }

    static TimeSpan Seconds(double seconds, string flag) =>
        double.IsFinite(seconds) && seconds > 0 && seconds <= 86_400 ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{flag} {seconds}: must be more than 0 and at most 86400 seconds");

    /// <summary>The key file's first non-empty line, else LONGDOC_API_KEY, else none.</summary>
    public static string? Key(FileInfo? file)
    {
        if (file is null) return Environment.GetEnvironmentVariable(KeyVariable) is { Length: > 0 } key ? key.Trim() : null;
        if (!file.Exists) throw new FileNotFoundException($"--api-key-file {file.FullName}: no such file");
        return File.ReadLines(file.FullName).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0)
            ?? throw new ArgumentException($"--api-key-file {file.FullName}: the file is empty");
    }
}
