using LongDoc.Documents;
using LongDoc.Documents.Readers;

namespace LongDoc.Cli.Commands;

/// <summary>Reads the document a command works on, with the same errors and exit code as `longdoc extract`.</summary>
static class DocumentInput
{
    /// <summary>The FILE argument's help: the formats read (the repository README's formats table has the details).</summary>
    public const string FileDescription = "PDF, Word, PowerPoint, Excel, e-mail (.eml), image (PNG, JPEG, TIFF; by OCR), HTML, Markdown or text file; .doc/.rtf/.odt/.xls/.ods/.ppt/.odp through LibreOffice (format sniffed from content)";

    public static string Pages(int count) => count == 1 ? "1 page" : $"{count} pages";

    /// <summary>The document, or null after one "longdoc: FILE: problem" line on stderr (exit with <see cref="ExitCodes.BadInput"/>).</summary>
    public static Document? Read(FileInfo file, ReadOptions options)
    {
        try
        {
            var document = DocumentReaders.ReadFile(file.FullName, options);
            Notes(file, document);
            return document;
        }
        catch (DocumentReadException e)
        {
            Console.Error.WriteLine($"longdoc: {e.Message}");
            return null;
        }
    }

    /// <summary>The reader's warnings and the pages read by OCR, one stderr line each.</summary>
    public static void Notes(FileInfo file, Document document)
    {
        foreach (var warning in document.Warnings) Console.Error.WriteLine($"longdoc: {file.FullName}: warning: {warning}");
        if (OcrFlags.Summary(document) is { } ocr) Console.Error.WriteLine($"longdoc: {file.FullName}: {ocr}");
    }
}
