using System.Diagnostics;
using System.Text;

namespace LongDoc.Service.Tests.Infrastructure;

/// <summary>A running `longdoc` child (watch or serve) whose stderr is collected; disposed = killed (SIGKILL).</summary>
public sealed class LongDocProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _stderr = new();

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "longdoc.dll");

    public LongDocProcess(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        _process = Process.Start(psi)!;
        _process.StandardInput.Close();
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>`kill -9` of the process alone: its extraction child, if any, is orphaned as in a real crash.</summary>
    public void Kill9()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as systemd stops a service: the process should stop cleanly on its own.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString() }, UseShellExecute = false })!;
        kill.WaitForExit();
    }

    /// <summary>Waits for the exit, then for the last of stderr to be read.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit();
        return true;
    }

    /// <summary>Polls <paramref name="done"/> until true; fails with the process's stderr after <paramref name="timeout"/>.</summary>
    public void WaitUntil(Func<bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"{what} not reached in {timeout}; longdoc stderr:\n{Stderr}");
            if (_process.HasExited) throw new InvalidOperationException($"longdoc exited ({_process.ExitCode}) before {what}; stderr:\n{Stderr}");
            Thread.Sleep(100);
        }
    }

    public void Dispose()
    {
        Kill9();
        _process.Dispose();
    }
}
