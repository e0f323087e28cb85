namespace LongDoc.Testing.Oracle;

/// <summary>The llama.cpp oracle failed: non-zero exit, crash (SIGABRT = 134), timeout, or unreadable output.</summary>
public sealed class OracleException(string message, int exitCode, string stderr) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
    public string Stderr { get; } = stderr;
}
