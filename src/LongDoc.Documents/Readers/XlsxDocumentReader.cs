using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LongDoc.Documents.Readers.Docx;
using LongDoc.Documents.Readers.Xlsx;

namespace LongDoc.Documents.Readers;

/// <summary>
/// Excel workbooks (.xlsx). One page per sheet, the sheet's name its level-1 heading ("(hidden sheet)" added for
/// hidden sheets); each block of rows between blank rows is a table whose first row is its header row. Formula
/// cells give their cached values (what Excel last computed), never the formulas. Sheets are streamed row by row
/// and stop with an error past <see cref="ReadOptions.MaxSheetRows"/> rows or <see cref="ReadOptions.MaxSheetCells"/>
/// cells. The archive passes the same zip guards as DOCX first.
/// </summary>
public sealed class XlsxDocumentReader : IDocumentReader
{
    internal static readonly ZipGuard.Package Package = new("xl/workbook.xml", "Excel workbook");

    public const string HiddenMark = " (hidden sheet)";

    public DocumentFormat Format => DocumentFormat.Xlsx;

    public Document Read(ReadOnlyMemory<byte> bytes, string source, ReadOptions options)
    {
        if (bytes.IsEmpty) throw new DocumentReadException(source, "the file is empty (0 bytes)");
        ZipGuard.Check(bytes, source, options, Package);
        var builder = new DocumentBuilder(bytes.Span, source, Format);
        using var stream = ZipGuard.AsStream(bytes);
        using var doc = OpenXmlErrors.Open(source, options, "XLSX", () =>
            SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = options.MaxCharactersInPart }));
        OpenXmlErrors.Run(source, options, "XLSX", () =>
        {
            var workbook = doc.WorkbookPart ?? throw new DocumentReadException(source, "no workbook part (xl/workbook.xml)");
            var sheets = workbook.Workbook?.Sheets?.Elements<Sheet>().ToArray() ?? [];
            builder.PageCount = sheets.Length;
            foreach (var part in new OpenXmlPart?[] { workbook.SharedStringTablePart, workbook.WorkbookStylesPart }.OfType<OpenXmlPart>())
                OpenXmlDepth.Check(part, source);
            var cells = new XlsxCells(workbook);
            var hidden = new List<string>();
            for (int i = 0; i < sheets.Length; i++)
            {
                var name = sheets[i].Name?.Value ?? $"Sheet {i + 1}";
                bool isHidden = sheets[i].State?.Value is { } state && state != SheetStateValues.Visible;
                if (isHidden) hidden.Add(name);
                builder.AddHeading(1, name + (isHidden ? HiddenMark : ""), i + 1);
                if (sheets[i].Id?.Value is { } rel && workbook.GetPartById(rel) is WorksheetPart part)
                {
                    OpenXmlDepth.Check(part, source);
                    new XlsxSheet(part, name, i + 1, cells, builder, source, options).Read();
                }
                else builder.Warn($"sheet '{name}' is a chart sheet or missing: skipped");
            }
            if (hidden.Count > 0) builder.Warn($"hidden sheet(s) {string.Join(", ", hidden.Select(h => $"'{h}'"))} read and marked \"(hidden sheet)\" in their headings");
            if (cells.FormulasWithoutValue > 0)
                builder.Warn($"{cells.FormulasWithoutValue} formula cell(s) have no cached value (saved without calculating): read as empty");
            builder.Title = doc.PackageProperties.Title;
        });
        return builder.Build();
    }
}
