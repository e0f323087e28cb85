using System.Diagnostics;
using LongDoc.Tasks.Models;
using Spectre.Console;

namespace LongDoc.Cli.Commands;

/// <summary>
/// Progress of a document job on stderr, never stdout (results go there). On a terminal: one line redrawn in place
/// with Spectre.Console markup (stage, pages read, tokens prefilled of total, tok/s, ETA), cleared before results.
/// When stderr is not a terminal: plain lines, at most one per <see cref="PlainInterval"/> per stage.
/// </summary>
sealed class ProgressView(bool quiet) : IProgress<TaskProgress>
{
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);

    readonly bool terminal = !Console.IsErrorRedirected;
    readonly IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    readonly Stopwatch sincePlain = Stopwatch.StartNew();
    string? lastStage;
    bool lineShown;

    public void Report(TaskProgress p)
    {
        if (quiet) return;
        var line = $"{p.Stage}: page {p.PagesRead}/{p.TotalPages}";
        if (p.TokensTotal > 0) line += $", {p.TokensPrefilled:N0}/{p.TokensTotal:N0} tokens prefilled, {p.TokensPerSecond:F0} tok/s";
        if (p.Eta is { } eta && p.TokensPrefilled < p.TokensTotal) line += $", ETA {eta:mm\\:ss}";
        if (terminal)
        {
            console.Markup("\r[grey]longdoc:[/] " + Markup.Escape(line.PadRight(Math.Max(0, Console.WindowWidth - 10))));
            lineShown = true;
            return;
        }
        bool finished = p.TokensTotal > 0 && p.TokensPrefilled == p.TokensTotal;
        if (p.Stage != lastStage || finished || sincePlain.Elapsed >= PlainInterval)
        {
            Console.Error.WriteLine("longdoc: " + line);
            lastStage = p.Stage;
            sincePlain.Restart();
        }
    }

    /// <summary>A count of things done ("embedding passages: 320/526"): redrawn on a terminal, else a plain line now and then.</summary>
    public void Count(string stage, int done, int total)
    {
        if (quiet) return;
        var line = $"{stage}: {done:N0}/{total:N0}";
        if (terminal)
        {
            console.Markup("\r[grey]longdoc:[/] " + Markup.Escape(line.PadRight(Math.Max(0, Console.WindowWidth - 10))));
            lineShown = true;
        }
        else if (stage != lastStage || done == total || sincePlain.Elapsed >= PlainInterval)
        {
            Console.Error.WriteLine("longdoc: " + line);
            lastStage = stage;
            sincePlain.Restart();
        }
    }

    /// <summary>A one-off line (what was read, which mode): after clearing the progress line.</summary>
    public void Info(string message)
    {
        if (quiet) return;
        Clear();
        if (terminal) console.MarkupLine("[grey]longdoc:[/] " + Markup.Escape(message));
        else Console.Error.WriteLine("longdoc: " + message);
    }

    /// <summary>Removes the redrawn line (terminal only) so results and prompts start clean.</summary>
    public void Clear()
    {
        if (!lineShown) return;
        console.Markup("\r" + new string(' ', Math.Max(0, Console.WindowWidth - 1)) + "\r");
        lineShown = false;
    }
}
