namespace LongDoc.Documents.Readers;

/// <summary>Html reader (being written; see the helper's branch).</summary>
public sealed class HtmlDocumentReader : IDocumentReader
{
    public DocumentFormat Format => DocumentFormat.Html;
    public Document Read(ReadOnlyMemory<byte> bytes, string source, ReadOptions options) =>
        throw new DocumentReadException(source, "Html reading is not available yet");
}
