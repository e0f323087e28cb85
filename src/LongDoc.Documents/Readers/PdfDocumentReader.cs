namespace LongDoc.Documents.Readers;

/// <summary>Pdf reader (being written; see the helper's branch).</summary>
public sealed class PdfDocumentReader : IDocumentReader
{
    public DocumentFormat Format => DocumentFormat.Pdf;
    public Document Read(ReadOnlyMemory<byte> bytes, string source, ReadOptions options) =>
        throw new DocumentReadException(source, "Pdf reading is not available yet");
}
