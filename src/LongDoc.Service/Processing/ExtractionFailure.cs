namespace LongDoc.Service.Processing;

/// <summary>Why a child extraction did not produce a document.</summary>
public enum ExtractionFailure
{
    /// <summary>The reader rejected the file (not a format LongDoc reads, encrypted, corrupt): retrying cannot help.</summary>
    BadInput,
    /// <summary>The child ran past the wall-clock limit and was killed.</summary>
    Timeout,
    /// <summary>The child ran out of its memory cap.</summary>
    Memory,
    /// <summary>The child died some other way (stack overflow, a signal, an unexpected exit code).</summary>
    Crash,
}

/// <summary>A failed extraction; the message names the file and the cause.</summary>
public sealed class ExtractionException(string file, ExtractionFailure failure, string message)
    : Exception($"{file}: {message}")
{
    public string File { get; } = file;
    public ExtractionFailure Failure { get; } = failure;
    /// <summary>Only bad input is final; a timeout or crash may be the machine's load, so it is retried (up to the attempts).</summary>
    public bool Permanent => Failure == ExtractionFailure.BadInput;
}
