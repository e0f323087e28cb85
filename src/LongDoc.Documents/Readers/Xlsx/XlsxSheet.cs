using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace LongDoc.Documents.Readers.Xlsx;

/// <summary>
/// One worksheet, streamed row by row (a sheet part can be far larger than what it holds in text): runs of
/// non-blank rows become tables of the columns they use, the first row the header. Past the row or cell limit the
/// read stops with an error naming the sheet.
/// </summary>
internal sealed class XlsxSheet(WorksheetPart part, string name, int page, XlsxCells cells, DocumentBuilder builder, string source, ReadOptions options)
{
    readonly List<List<(int Column, string Text)>> _table = [];
    long _cells;
    int _rows;

    public void Read()
    {
        using var reader = OpenXmlReader.Create(part);
        uint previous = 0;
        bool more = reader.Read();
        while (more)
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement) { more = reader.Read(); continue; }
            var row = (Row)reader.LoadCurrentElement()!;
            more = !reader.EOF;
            uint index = row.RowIndex?.Value ?? previous + 1;
            var values = Values(row);
            if (index > previous + 1 || values.Count == 0) Flush();
            previous = index;
            if (values.Count == 0) continue;
            if (++_rows > options.MaxSheetRows) throw Over($"over {options.MaxSheetRows:N0} rows");
            _cells += values.Count;
            if (_cells > options.MaxSheetCells) throw Over($"over {options.MaxSheetCells:N0} cells");
            _table.Add(values);
        }
        Flush();
    }

    List<(int Column, string Text)> Values(Row row)
    {
        var values = new List<(int, string)>();
        int column = 0;
        foreach (var cell in row.Elements<Cell>())
        {
            column = Column(cell.CellReference?.Value) ?? column + 1;
            var text = cells.Of(cell);
            if (text.Trim().Length > 0) values.Add((column, text));
        }
        return values;
    }

    /// <summary>The 1-based column of a reference such as "AB12", or null when it has none.</summary>
    static int? Column(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        int column = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter)) column = column * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        return column > 0 ? column : null;
    }

    void Flush()
    {
        if (_table.Count == 0) return;
        var columns = _table.SelectMany(r => r.Select(v => v.Column)).Distinct().Order().ToArray();
        if ((long)columns.Length * _table.Count > options.MaxSheetCells)
            throw Over($"a table of {_table.Count:N0} rows by {columns.Length:N0} columns, over {options.MaxSheetCells:N0} cells");
        var at = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var rows = _table.Select(r =>
        {
            var cellsOfRow = new string[columns.Length];
            Array.Fill(cellsOfRow, "");
            foreach (var (column, text) in r) cellsOfRow[at[column]] = text;
            return (IReadOnlyList<string>)cellsOfRow;
        }).ToArray();
        builder.AddTable(rows, page);
        _table.Clear();
    }

    DocumentReadException Over(string what) =>
        new(source, $"sheet '{name}' has {what} (the limit for one sheet; save the part you need as a file of its own)");
}
