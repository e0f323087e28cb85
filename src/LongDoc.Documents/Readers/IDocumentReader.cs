namespace LongDoc.Documents.Readers;

/// <summary>One format's reader. Readers know nothing of files or hosts: bytes in, <see cref="Document"/> out.</summary>
public interface IDocumentReader
{
    DocumentFormat Format { get; }
    /// <summary>Reads <paramref name="bytes"/>; <paramref name="source"/> names them in errors.
    /// Throws <see cref="DocumentReadException"/> for anything wrong with the input.</summary>
    Document Read(ReadOnlyMemory<byte> bytes, string source, ReadOptions options);
}

/// <summary>Limits and secrets for one read. The defaults bound memory and time on hostile input.</summary>
public sealed record ReadOptions
{
    public static readonly ReadOptions Default = new();
    /// <summary>User password for encrypted PDFs.</summary>
    public string? Password { get; init; }
    /// <summary>Largest input file accepted.</summary>
    public long MaxInputBytes { get; init; } = 1L << 30;
    /// <summary>Zip archives (DOCX): most entries, most uncompressed bytes, highest compression ratio of an entry.</summary>
    public int MaxZipEntries { get; init; } = 10_000;
    public long MaxZipUncompressedBytes { get; init; } = 512L << 20;
    public double MaxZipCompressionRatio { get; init; } = 200;
    /// <summary>Largest part of an OpenXML package, in characters (OpenXmlPackage's MaxCharactersInPart).</summary>
    public long MaxCharactersInPart { get; init; } = 128L << 20;
    /// <summary>Most pages read from a PDF (0 = all).</summary>
    public int MaxPages { get; init; }
    /// <summary>Most cells of one spreadsheet table (rows times used columns) and most rows of one sheet.</summary>
    public long MaxSheetCells { get; init; } = 2_000_000;
    public int MaxSheetRows { get; init; } = 200_000;
    /// <summary>
    /// Most attachments read of one e-mail, and their most decoded bytes, attached e-mails' own included (the rest are
    /// skipped with a warning); how deep attached e-mails are read inside each other.
    /// </summary>
    public int MaxMailAttachments { get; init; } = 1_000;
    public long MaxMailAttachmentBytes { get; init; } = 256L << 20;
    public int MaxAttachmentDepth { get; init; } = 3;
    /// <summary>What the outermost mail of this read has left to read of attachments (null outside a mail).</summary>
    internal Eml.MailBudget? MailBudget { get; init; }
    /// <summary>LibreOffice's soffice for legacy formats (null: found on PATH), and its time limit per file.</summary>
    public string? LibreOfficePath { get; init; }
    public TimeSpan ConversionTimeout { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>How deep this read is inside attachments (0 for a file read directly).</summary>
    internal int AttachmentDepth { get; init; }
    /// <summary>When and how pages without a text layer, and images, are recognised.</summary>
    public Ocr.OcrOptions Ocr { get; init; } = Readers.Ocr.OcrOptions.Default;
}

/// <summary>Bad input: names the file and says what is wrong with it, in one line.</summary>
public sealed class DocumentReadException(string source, string problem, Exception? inner = null)
    : Exception($"{source}: {problem}", inner)
{
    public string File { get; } = source;
    public string Problem { get; } = problem;
}
