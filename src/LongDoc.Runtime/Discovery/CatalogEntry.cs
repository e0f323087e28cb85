namespace LongDoc.Runtime.Discovery;

/// <summary>
/// A model found on disk. <see cref="Error"/> is set (and the rest may be missing) when the entry could not be read:
/// it is reported, never fatal. <see cref="Quantization"/> is the tensor type holding most of the parameters.
/// </summary>
public sealed record CatalogEntry(
    string Name,
    string Source,
    string Path,
    string? Architecture = null,
    bool Supported = false,
    long SizeBytes = 0,
    long? Parameters = null,
    string? Quantization = null,
    string? Error = null)
{
    public const string Ollama = "ollama";
    public const string HuggingFace = "huggingface";

    /// <summary>An entry that can be loaded: read without error and of a supported architecture.</summary>
    public bool Usable => Error is null && Supported;
}
