namespace LongDoc.Documents.Readers;

/// <summary>Docx reader (being written; see the helper's branch).</summary>
public sealed class DocxDocumentReader : IDocumentReader
{
    public DocumentFormat Format => DocumentFormat.Docx;
    public Document Read(ReadOnlyMemory<byte> bytes, string source, ReadOptions options) =>
        throw new DocumentReadException(source, "Docx reading is not available yet");
}
