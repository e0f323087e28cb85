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

sealed class ModelOptionsValidator : IValidateOptions<ModelOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelOptions o) =>
        string.IsNullOrWhiteSpace(o.Path) || File.Exists(o.Path) || Directory.Exists(o.Path)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Model:Path: {o.Path} does not exist (a GGUF file or a safetensors folder)");
}
