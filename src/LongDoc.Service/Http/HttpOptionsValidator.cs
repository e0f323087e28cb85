using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Http;

/// <summary>
/// An API reachable from other machines must have keys, whichever setting names the address (<see cref="ListenRule"/>);
/// a configured key file must exist and hold valid keys (<see cref="KeyFile"/>).
/// </summary>
sealed class HttpOptionsValidator(IConfiguration config) : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions o)
    {
        var hasKeys = !string.IsNullOrWhiteSpace(o.KeyFile);
        var failures = ListenRule.Failures(config, o.Urls, hasKeys).ToList();
        if (hasKeys && !File.Exists(o.KeyFile)) failures.Add($"Http:KeyFile: {o.KeyFile} does not exist");
        else if (hasKeys) failures.AddRange(KeyFile.Read(o.KeyFile!).Failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Model:Path or Model:Endpoint, not both; the files they name exist; an endpoint is an http(s) URL; the device
/// settings are known words (<see cref="ModelDevice"/>).</summary>
sealed class ModelOptionsValidator : IValidateOptions<ModelOptions>
{
    static readonly (Func<ModelOptions, bool> Wrong, Func<ModelOptions, string> Why)[] Rules =
    [
        (o => Set(o.Path) && Set(o.Endpoint), _ => "Model:Path and Model:Endpoint are both set: the model runs here or on an engine, not both"),
        (o => Set(o.Path) && !File.Exists(o.Path) && !Directory.Exists(o.Path), o => $"Model:Path: {o.Path} does not exist (a GGUF file or a safetensors folder)"),
        (o => Set(o.Endpoint) && !ValidEndpoint(o.Endpoint!), o => $"Model:Endpoint: {Error(o.Endpoint!)}"),
        (o => Set(o.ApiKeyFile) && !File.Exists(o.ApiKeyFile), o => $"Model:ApiKeyFile: {o.ApiKeyFile} does not exist"),
        (o => Set(o.Tokenizer) && !File.Exists(o.Tokenizer) && !Directory.Exists(o.Tokenizer), o => $"Model:Tokenizer: {o.Tokenizer} does not exist"),
    ];

    public ValidateOptionsResult Validate(string? name, ModelOptions o)
    {
        var failures = Rules.Where(r => r.Wrong(o)).Select(r => r.Why(o)).Concat(ModelDevice.Failures(o)).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    static bool Set(string? value) => !string.IsNullOrWhiteSpace(value);

    static bool ValidEndpoint(string value) => Error(value) is null;

    static string? Error(string value)
    {
        try { Tasks.Models.Remote.RemoteEndpoint.Parse(value); return null; }
        catch (ArgumentException e) { return e.Message; }
    }
}
