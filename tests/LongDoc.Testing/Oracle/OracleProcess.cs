using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace LongDoc.Testing.Oracle;

/// <summary>
/// Finds the built LongDoc.Oracle.dll and runs it as a child process (`dotnet LongDoc.Oracle.dll ...`).
/// Location, first hit wins:
///   1. environment variable LONGDOC_ORACLE_DLL;
///   2. the path baked into this assembly at build time (AssemblyMetadata "LongDoc.OracleDll", from the oracle
///      project's GetTargetPath; LongDoc.Testing's ProjectReference with ReferenceOutputAssembly=false makes sure
///      the oracle is built first, in the same Configuration);
///   3. walking up from the test assembly to the folder holding LongDoc.sln, then
///      tests/LongDoc.Oracle/bin/{Debug,Release}/net10.0/LongDoc.Oracle.dll (newest first) — for a moved checkout.
/// The oracle never loads into the test process: llama.cpp aborts the process on some bad models.
/// </summary>
public static class OracleProcess
{
    const string DllName = "LongDoc.Oracle.dll";
    static readonly Lazy<string> Located = new(Locate);

    public static string OracleDll => Located.Value;

    /// <summary>Runs the oracle with <paramref name="args"/>; returns its stdout parsed as JSON.</summary>
    public static JsonDocument Run(IReadOnlyList<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(OracleDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        string commandLine = $"dotnet {DllName} {string.Join(' ', args.Select(Shorten))}";

        using var process = Process.Start(psi) ?? throw new OracleException($"could not start {commandLine}", -1, "");
        // Read both pipes concurrently (a full pipe would block the child forever), and parse stdout as it streams:
        // all-position logits of a 150k vocabulary are ~100 MB of JSON, never held as one string.
        var stdout = JsonDocument.ParseAsync(process.StandardOutput.BaseStream);
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Discard(stdout);
            throw new OracleException($"{commandLine} timed out after {timeout.TotalSeconds:0}s", -1, SafeResult(stderr));
        }
        process.WaitForExit(); // drains the redirected streams
        string err = SafeResult(stderr);
        if (process.ExitCode != 0)
        {
            Discard(stdout);
            throw new OracleException($"{commandLine} failed with exit code {process.ExitCode}{Crash(process.ExitCode)}: {err.Trim()}", process.ExitCode, err);
        }
        try { return stdout.GetAwaiter().GetResult(); }
        catch (JsonException e) { throw new OracleException($"{commandLine} printed invalid JSON: {e.Message}", 0, err); }
    }

    // A failed run's stdout parse: observe its exception and free its document, whichever it ends with.
    static void Discard(Task<JsonDocument> parse) =>
        parse.ContinueWith(t => { if (t.IsCompletedSuccessfully) t.Result.Dispose(); else _ = t.Exception; }, TaskScheduler.Default);

    static string Crash(int code) => code > 128 ? $" (killed by signal {code - 128}{(code == 134 ? ", SIGABRT: llama.cpp aborted" : "")})" : "";

    static string SafeResult(Task<string> task) => task.Wait(TimeSpan.FromSeconds(5)) ? task.Result : "";

    static string Shorten(string arg) => arg.Length > 80 ? arg[..77] + "..." : arg;

    static string DotnetHost()
    {
        // Under `dotnet test` the test host runs in dotnet itself; the SDK also exports DOTNET_HOST_PATH.
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }

    static string Locate()
    {
        var tried = new List<string>();
        if (Environment.GetEnvironmentVariable("LONGDOC_ORACLE_DLL") is { Length: > 0 } env)
        {
            if (File.Exists(env)) return env;
            tried.Add($"LONGDOC_ORACLE_DLL={env}");
        }
        string? baked = typeof(OracleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(m => m.Key == "LongDoc.OracleDll")?.Value;
        if (!string.IsNullOrEmpty(baked))
        {
            if (File.Exists(baked)) return baked;
            tried.Add(baked);
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "LongDoc.sln"))) continue;
            var bin = new DirectoryInfo(Path.Combine(dir.FullName, "tests", "LongDoc.Oracle", "bin"));
            var found = bin.Exists ? bin.GetFiles(DllName, SearchOption.AllDirectories).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault() : null;
            if (found is not null) return found.FullName;
            tried.Add(bin.FullName);
            break;
        }
        throw new FileNotFoundException(
            $"{DllName} not found (tried: {string.Join("; ", tried)}). Build it with " +
            "`dotnet build tests/LongDoc.Oracle` or set LONGDOC_ORACLE_DLL to its path.");
    }
}
