using System.Diagnostics;

namespace LongDoc.Cli.Tests;

/// <summary>Runs the built `longdoc` command in a child process with a time bound.</summary>
static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    static string Dll => Path.Combine(AppContext.BaseDirectory, "longdoc.dll");

    static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();

    public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "samples", name);

    public static Result Run(params string[] args) => Run(TimeSpan.FromMinutes(3), args);

    public static Result Run(TimeSpan timeout, params string[] args) => Run(timeout, NoEnvironment, null, args);

    /// <summary>Runs with <paramref name="environment"/> set (null removes a variable) on top of this process's.</summary>
    public static Result Run(TimeSpan timeout, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Run(timeout, environment, null, args);

    /// <summary>Runs with <paramref name="stdin"/> written to the command's standard input (then closed).</summary>
    public static Result RunWithInput(TimeSpan timeout, string? stdin, params string[] args) => Run(timeout, NoEnvironment, stdin, args);

    /// <summary>Both: <paramref name="environment"/> set and <paramref name="stdin"/> written to standard input.</summary>
    public static Result RunWithInput(TimeSpan timeout, IReadOnlyDictionary<string, string?> environment, string? stdin, params string[] args) =>
        Run(timeout, environment, stdin, args);

    static Result Run(TimeSpan timeout, IReadOnlyDictionary<string, string?> environment, string? stdin, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        if (stdin != null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"longdoc {string.Join(' ', args)} ran over {timeout}");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
