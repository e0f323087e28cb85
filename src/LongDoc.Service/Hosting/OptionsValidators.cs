using LongDoc.Service.Jobs;
using LongDoc.Service.Watching;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Hosting;

/// <summary>Checks that need the file system or several keys at once; each failure names the key and the value.</summary>
sealed class WatchOptionsValidator : IValidateOptions<WatchOptions>
{
    public ValidateOptionsResult Validate(string? name, WatchOptions o)
    {
        var failures = new List<string>();
        if (o.Input.Length > 0 && !Directory.Exists(o.Input)) failures.Add($"Watch:Input: the folder {o.Input} does not exist");
        if (o.Input.Length > 0 && o.Output.Length > 0)
        {
            var input = Path.GetFullPath(o.Input).TrimEnd('/') + "/";
            var output = Path.GetFullPath(o.Output).TrimEnd('/') + "/";
            if (output.StartsWith(input, StringComparison.Ordinal) || input.StartsWith(output, StringComparison.Ordinal))
                failures.Add($"Watch:Output ({o.Output}) and Watch:Input ({o.Input}) must not contain one another");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

sealed class JobOptionsValidator : IValidateOptions<JobOptions>
{
    public ValidateOptionsResult Validate(string? name, JobOptions o) =>
        o.Store == "postgres" && string.IsNullOrWhiteSpace(o.PostgresConnection)
            ? ValidateOptionsResult.Fail("Jobs:PostgresConnection is required when Jobs:Store is postgres")
            : string.IsNullOrWhiteSpace(o.StateFolder) && string.IsNullOrWhiteSpace(o.SqlitePath) && o.Store == "sqlite"
                ? ValidateOptionsResult.Fail("Jobs:StateFolder (or Jobs:SqlitePath) is required for the SQLite store")
                : ValidateOptionsResult.Success;
}
