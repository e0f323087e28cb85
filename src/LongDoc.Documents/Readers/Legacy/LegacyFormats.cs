namespace LongDoc.Documents.Readers.Legacy;

/// <summary>A format LibreOffice converts for LongDoc: its extension, what it becomes, and the Debian package that converts it.</summary>
internal sealed record LegacyFormat(DocumentFormat Format, string Extension, string Target, DocumentFormat TargetFormat, string DebianPackage);

internal static class LegacyFormats
{
    const string Writer = "libreoffice-writer-nogui", Calc = "libreoffice-calc-nogui", Impress = "libreoffice-impress-nogui";

    public static readonly IReadOnlyDictionary<DocumentFormat, LegacyFormat> All = new LegacyFormat[]
    {
        new(DocumentFormat.Doc, ".doc", "docx", DocumentFormat.Docx, Writer),
        new(DocumentFormat.Rtf, ".rtf", "docx", DocumentFormat.Docx, Writer),
        new(DocumentFormat.Odt, ".odt", "docx", DocumentFormat.Docx, Writer),
        new(DocumentFormat.Xls, ".xls", "xlsx", DocumentFormat.Xlsx, Calc),
        new(DocumentFormat.Ods, ".ods", "xlsx", DocumentFormat.Xlsx, Calc),
        new(DocumentFormat.Ppt, ".ppt", "pptx", DocumentFormat.Pptx, Impress),
        new(DocumentFormat.Odp, ".odp", "pptx", DocumentFormat.Pptx, Impress),
    }.ToDictionary(f => f.Format);
}
