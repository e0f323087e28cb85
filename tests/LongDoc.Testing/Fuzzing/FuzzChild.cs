using System.Diagnostics;

namespace LongDoc.Testing.Fuzzing;

/// <summary>
/// Reads fuzzed files in a child process, so that what cannot be caught in-process (a stack overflow, an access
/// violation) or stopped (a hang) costs the child, not the fuzzer. One line per file each way:
/// "format\tpath" in, <see cref="FuzzOutcome.ToLine"/> out. A child that dies is a crash; one that does not answer in
/// time is a hang and is killed; either way the next file gets a new child.
/// </summary>
public sealed class FuzzChild(Func<ProcessStartInfo> start) : IDisposable
{
    Process? _child;
    readonly List<string> _stderr = [];

    /// <summary>The child's side: answers each request line until standard input closes.</summary>
    public static int Serve(TextReader input, TextWriter output)
    {
        while (input.ReadLine() is { } line)
        {
            var parts = line.Split('\t', 2);
            var outcome = parts.Length == 2 && FuzzFormats.ByName.ContainsKey(parts[0])
                ? FuzzFormats.ReadInProcess(parts[0], parts[1])
                : new FuzzOutcome(FuzzResult.Crash, $"bad request: {line}");
            output.WriteLine(outcome.ToLine());
            output.Flush();
        }
        return 0;
    }

    public FuzzOutcome Read(string format, string path, TimeSpan timeout)
    {
        var child = _child ??= Start();
        child.StandardInput.WriteLine($"{format}\t{path}");
        child.StandardInput.Flush();
        var reply = child.StandardOutput.ReadLineAsync();
        if (!reply.Wait(timeout))
        {
            Stop();
            return new FuzzOutcome(FuzzResult.Hang, $"no answer within {timeout.TotalSeconds:0} s");
        }
        if (reply.Result is { } line) return FuzzOutcome.Parse(line);
        child.WaitForExit();
        string why;
        lock (_stderr) why = _stderr.FirstOrDefault(l => l.Length > 0) ?? "no message";
        var code = child.ExitCode;
        Stop();
        return new FuzzOutcome(FuzzResult.Crash, $"the reader's process died (exit code {code}): {why}");
    }

    Process Start()
    {
        var psi = start();
        psi.RedirectStandardInput = psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {psi.FileName}");
        lock (_stderr) _stderr.Clear();
        p.ErrorDataReceived += (_, e) => { if (e.Data is { } d) lock (_stderr) if (_stderr.Count < 20) _stderr.Add(d); };
        p.BeginErrorReadLine();
        return p;
    }

    void Stop()
    {
        if (_child is null) return;
        try { if (!_child.HasExited) _child.Kill(entireProcessTree: true); _child.WaitForExit(); }
        catch (InvalidOperationException) { }
        _child.Dispose();
        _child = null;
    }

    public void Dispose() => Stop();
}
