using System.Diagnostics;

namespace LongDoc.Service.Processing;

/// <summary>
/// Reads a document in a child `longdoc extract --format json` with a managed-heap cap and a wall-clock limit, so
/// a hostile file (a PdfPig stack overflow cannot be caught in-process) kills the child, never the service.
/// </summary>
public sealed class ChildExtractor(ExtractionOptions options) : IExtractor
{
    /// <summary>stderr text of a child that ran out of its heap cap (the runtime's own messages).</summary>
    static readonly string[] MemoryMarks = ["OutOfMemoryException", "Out of memory", "GC heap initialization failed"];

    /// <summary>
    /// Set to 1 for the child: it stops when its standard input ends, which this process holds open until the child
    /// exits, so a child blocked in a read dies with its parent even after kill -9 (the CLI's ParentWatch).
    /// </summary>
    public const string ExitWithParentVariable = "LONGDOC_EXIT_WITH_PARENT";

    /// <summary>Called once the child is running (the service's fault points hook here).</summary>
    public Action? Started { get; init; }

    /// <summary>The document's JSON (LongDoc.Documents' DocumentJson form).</summary>
    public async Task<string> ExtractJsonAsync(string path, IProgress<string> phase, CancellationToken ct)
    {
        var psi = LongDocCommand.StartInfo(options.Command, ["extract", path, "--format", "json", .. options.ChildArguments()]);
        psi.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)options.MemoryLimitMb << 20).ToString("X");
        psi.Environment["DOTNET_gcServer"] = "0";
        psi.Environment[ExitWithParentVariable] = "1";
        psi.Environment[OcrProgressLine.Variable] = "1";
        Process? started;
        try { started = Process.Start(psi); }
        catch (System.ComponentModel.Win32Exception e) { throw new ExtractionException(path, ExtractionFailure.Crash, $"cannot start the extraction process {psi.FileName}: {e.Message}"); }
        using var child = started ?? throw new ExtractionException(path, ExtractionFailure.Crash, "the extraction process did not start");
        // stdin stays open (closed when `child` is disposed): its end tells the child that this process is gone.
        var stdout = child.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = ReadErrorsAsync(child.StandardError, phase);
        Started?.Invoke();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        try
        {
            await child.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            throw new ExtractionException(path, ExtractionFailure.Timeout, $"extraction ran over {options.TimeoutSeconds} s and was killed");
        }
        var json = await stdout;
        var errors = (await stderr).Trim();
        if (child.ExitCode == 0) return json;
        throw Classify(path, child.ExitCode, errors);
    }

    /// <summary>The child's stderr without its OCR progress lines, which become the phase as they come.</summary>
    static async Task<string> ReadErrorsAsync(StreamReader stderr, IProgress<string> phase)
    {
        var kept = new System.Text.StringBuilder();
        while (await stderr.ReadLineAsync(CancellationToken.None) is { } line)
        {
            if (OcrProgressLine.Parse(line) is var (done, total)) phase.Report(Phases.OcrPages(done, total));
            else kept.Append(line).Append('\n');
        }
        return kept.ToString();
    }

    ExtractionException Classify(string path, int code, string stderr)
    {
        // The child's own one-line error already names the file: "longdoc: FILE: problem".
        if (code == 2) return new(path, ExtractionFailure.BadInput, LastLine(stderr).Replace("longdoc: ", "").Replace(path + ": ", ""));
        if (MemoryMarks.Any(stderr.Contains))
            return new(path, ExtractionFailure.Memory, $"extraction ran out of its {options.MemoryLimitMb} MB memory cap (exit code {code})");
        if (stderr.Contains("Stack overflow")) return new(path, ExtractionFailure.Crash, $"extraction crashed with a stack overflow (exit code {code})");
        var signal = code > 128 ? $", signal {code - 128}" : "";
        return new(path, ExtractionFailure.Crash, $"extraction crashed (exit code {code}{signal}): {LastLine(stderr)}");
    }

    static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no message";
}
