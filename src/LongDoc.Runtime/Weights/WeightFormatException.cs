namespace LongDoc.Runtime.Weights;

/// <summary>
/// A weights file (GGUF, safetensors, config.json) that cannot be used. Raised while validating, before any
/// large allocation. The message is "FILE: FIELD: problem" so a user can find the bad byte range or key.
/// </summary>
public sealed class WeightFormatException : Exception
{
    public string File { get; }
    /// <summary>The header field, metadata key or tensor name at fault ("header.version", "tokenizer.ggml.tokens", ...).</summary>
    public string Field { get; }
    public string Problem { get; }

    public WeightFormatException(string file, string field, string problem)
        : base($"{file}: {field}: {problem}")
    {
        File = file; Field = field; Problem = problem;
    }
}
