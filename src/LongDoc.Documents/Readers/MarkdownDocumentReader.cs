namespace LongDoc.Documents.Readers;

/// <summary>Markdown reader (being written; see the helper's branch).</summary>
public sealed class MarkdownDocumentReader : IDocumentReader
{
    public DocumentFormat Format => DocumentFormat.Markdown;
    public Document Read(ReadOnlyMemory<byte> bytes, string source, ReadOptions options) =>
        throw new DocumentReadException(source, "Markdown reading is not available yet");
}
