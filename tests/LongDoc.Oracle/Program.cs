using LongDoc.Oracle;

// llama.cpp (LLamaSharp 0.30.0, CPU backend) as a command-line oracle for tests and benchmarks.
// It runs as a child process because llama.cpp aborts the whole process (SIGABRT) on some malformed models.
// stdout carries exactly one JSON object; everything else (errors) goes to stderr with a non-zero exit code.

var commands = new Dictionary<string, Func<string[], int>>
{
    ["logits"] = LogitsCommand.Run,
    ["generate"] = GenerateCommand.Run,
    ["bench"] = BenchCommand.Run,
    ["tokenize"] = TokenizeCommand.Run,
};

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine($"usage: LongDoc.Oracle <{string.Join('|', commands.Keys)}> [options]; got '{string.Join(' ', args)}'");
    return 2;
}

// Must happen before the first native call (configuration is frozen once the library loads): llama.cpp logs to
// stdout/stderr otherwise, and stdout is JSON only. Nothing native is touched here, so a command may still configure.
NativeLog.Install();

try
{
    return command(args[1..]);
}
catch (NativeLoadException e)
{
    Console.Error.WriteLine($"oracle {args[0]}: {e.Message}");
    return 3;
}
catch (Exception e) when (e is OracleUsageException or ArgumentException or FormatException or IOException)
{
    Console.Error.WriteLine($"oracle {args[0]}: {e.Message}");
    NativeLog.DumpToStderr();
    return 2;
}
catch (Exception e)
{
    Console.Error.WriteLine($"oracle {args[0]}: {e}");
    NativeLog.DumpToStderr();
    return 1;
}
