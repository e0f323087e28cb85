using LongDoc.Documents.Readers;
using LongDoc.Runtime.Weights;

namespace LongDoc.Testing.Fuzzing;

public enum FuzzResult { Accepted, CleanError, Crash, Hang }

/// <summary>What one read of a mutated file gave; <see cref="Detail"/> is one line (the error, or what went wrong).</summary>
public sealed record FuzzOutcome(FuzzResult Result, string Detail)
{
    public bool IsFinding => Result is FuzzResult.Crash or FuzzResult.Hang;

    /// <summary>
    /// The readers' documented errors are the clean ones: <see cref="DocumentReadException"/> (the document readers,
    /// which wrap a library's own exceptions in it) and <see cref="WeightFormatException"/> (GGUF), each a single line
    /// naming the file. Anything else escaping a reader, or an error of several lines, is a finding.
    /// </summary>
    public static FuzzOutcome Of(Exception e, string file)
    {
        bool typed = e is DocumentReadException or WeightFormatException;
        if (!typed) return new(FuzzResult.Crash, $"{e.GetType().Name}: {OneLine(e.Message)} at {OneLine(e.StackTrace ?? "")}");
        if (e.Message.Contains('\n')) return new(FuzzResult.Crash, $"error of several lines: {OneLine(e.Message)}");
        if (!e.Message.StartsWith(file, StringComparison.Ordinal)) return new(FuzzResult.Crash, $"error not naming the file: {e.Message}");
        return new(FuzzResult.CleanError, e.Message);
    }

    public static readonly FuzzOutcome Accepted = new(FuzzResult.Accepted, "");

    public static string OneLine(string s) => s.ReplaceLineEndings(" | ").Trim();

    /// <summary>The child's reply line: "Result\tDetail".</summary>
    public string ToLine() => $"{Result}\t{OneLine(Detail)}";

    public static FuzzOutcome Parse(string line)
    {
        var tab = line.IndexOf('\t');
        return tab > 0 && Enum.TryParse<FuzzResult>(line[..tab], out var r) ? new(r, line[(tab + 1)..]) : new(FuzzResult.Crash, $"unreadable reply: {line}");
    }
}
