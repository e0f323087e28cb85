using System.ComponentModel;
using System.Diagnostics;

namespace LongDoc.Documents.Readers.Ocr;

/// <summary>What a finished tool run printed and returned.</summary>
sealed record ToolResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs an external tool (tesseract, pdftoppm) with a wall-clock limit; past it the tool's process tree is killed.
/// A tool that cannot be started is an <see cref="OcrUnavailableException"/> saying what to install.
/// </summary>
static class ToolProcess
{
    public static ToolResult Run(string command, IEnumerable<string> args, TimeSpan limit, string install)
    {
        var psi = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // One thread per tool: pages run in parallel instead, which uses the cores better than OpenMP inside one page.
        psi.Environment["OMP_THREAD_LIMIT"] = "1";
        Process? started;
        try { started = Process.Start(psi); }
        catch (Win32Exception) { throw new OcrUnavailableException($"{Path.GetFileName(command)} is not installed ({install})"); }
        using var process = started ?? throw new OcrUnavailableException($"{command} did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{Path.GetFileName(command)} ran over {limit.TotalSeconds:0} s and was killed");
        }
        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
