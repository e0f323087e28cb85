using LongDoc.Runtime.Backends.Cuda.Interop;
using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tokenizers;
using LongDoc.Runtime.Weights;

namespace LongDoc.Cli.Commands;

/// <summary>Turns the runtime's input errors into one stderr line and exit code 2; anything else is a bug and propagates.</summary>
static class ModelErrors
{
    static readonly Type[] InputErrors =
    [
        typeof(WeightFormatException), typeof(ChatTemplateException), typeof(TokenizerLoadException),
        typeof(ContextOverflowException), typeof(FileNotFoundException), typeof(DirectoryNotFoundException),
        typeof(UnauthorizedAccessException), typeof(ArgumentException), typeof(ArgumentOutOfRangeException),
        typeof(Runtime.Discovery.ModelDiscoveryException), typeof(NotSupportedException),
        typeof(Runtime.Backends.Placement.DeviceMemoryException),
    ];

    public static async Task<int> Guard(Func<Task<int>> run)
    {
        try { return await run(); }
        catch (Exception e) when (InputErrors.Contains(e.GetType()) || e is IOException)
        {
            Console.Error.WriteLine($"longdoc: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (CudaUnavailableException e)
        {
            Console.Error.WriteLine($"longdoc: {e.Message}");
            return ExitCodes.NoDevice;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Cancelled;
        }
    }

    public static int Guard(Func<int> run) => Guard(() => Task.FromResult(run())).GetAwaiter().GetResult();
}
