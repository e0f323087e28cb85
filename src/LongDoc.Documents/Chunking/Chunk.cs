namespace LongDoc.Documents.Chunking;

/// <summary>
/// A piece of a document small enough for a model's budget. <see cref="Text"/> is exactly
/// Document.Text[Start..End]; <see cref="Section"/> is the heading path in force where the chunk starts.
/// </summary>
public sealed record Chunk(
    int Index,
    string Text,
    int Start,
    int End,
    int Tokens,
    IReadOnlyList<string> Section,
    int FirstPage,
    int LastPage,
    int FirstBlock,
    int LastBlock);

/// <summary>Chunk size and overlap in tokens. Overlap repeats the tail of the previous chunk (same section only).</summary>
public sealed record ChunkOptions(int MaxTokens = 512, int OverlapTokens = 64)
{
    public void Validate()
    {
        if (MaxTokens < 16) throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens, "at least 16 tokens");
        if (OverlapTokens < 0 || OverlapTokens >= MaxTokens / 2)
            throw new ArgumentOutOfRangeException(nameof(OverlapTokens), OverlapTokens, "0 to half of MaxTokens");
    }
}
