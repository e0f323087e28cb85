using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LongDoc.Cli.Commands;

/// <summary>Runs a service host until Ctrl+C / SIGTERM; a configuration that fails validation is one clear error per key.</summary>
static class HostRunner
{
    public static async Task<int> RunAsync(Func<IHost> build, CancellationToken ct)
    {
        try
        {
            using var host = build();
            // Validate before starting, so a bad setting is one line here rather than the host's start-failure log.
            host.Services.GetService<IStartupValidator>()?.Validate();
            await host.RunAsync(ct);
            return ExitCodes.Ok;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures) Console.Error.WriteLine($"longdoc: invalid configuration: {failure}");
            return ExitCodes.Usage;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"longdoc: invalid configuration: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"longdoc: cannot start: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
