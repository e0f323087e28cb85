using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace LongDoc.Documents.Readers.Xlsx;

/// <summary>
/// A cell's text as Excel shows it, near enough for reading: shared and inline strings, booleans, error codes,
/// numbers (15 significant digits), dates and percentages from the cell's number format. Formula cells give their
/// cached value.
/// </summary>
internal sealed class XlsxCells
{
    // Built-in number formats that are dates or times (ECMA-376 18.8.30), and the percentage ones.
    static readonly HashSet<uint> BuiltInDates = [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 47];
    // Elapsed time ("[h]:mm:ss"): built-in 46, or a custom code with a bracketed hour, minute or second count.
    const uint BuiltInElapsed = 46;
    static readonly HashSet<uint> BuiltInPercent = [9, 10];

    readonly string[] _shared;
    readonly uint[] _formatOfStyle;
    readonly Dictionary<uint, string> _customFormats;

    public int FormulasWithoutValue { get; private set; }

    public XlsxCells(WorkbookPart workbook)
    {
        _shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(Text).ToArray() ?? [];
        var styles = workbook.WorkbookStylesPart?.Stylesheet;
        _formatOfStyle = styles?.CellFormats?.Elements<CellFormat>().Select(f => f.NumberFormatId?.Value ?? 0).ToArray() ?? [];
        _customFormats = styles?.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .GroupBy(f => f.NumberFormatId!.Value)
            .ToDictionary(g => g.Key, g => g.First().FormatCode?.Value ?? "") ?? [];
    }

    public string Of(Cell cell)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString) return cell.InlineString is { } inline ? InlineText(inline) : "";
        if (raw is null)
        {
            if (cell.CellFormula is not null) FormulasWithoutValue++;
            return "";
        }
        if (type == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < _shared.Length ? _shared[i] : "";
        if (type == CellValues.Boolean) return raw == "1" ? "TRUE" : "FALSE";
        if (type == CellValues.String || type == CellValues.Error) return raw;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return raw;
        var format = cell.StyleIndex?.Value is { } s && s < _formatOfStyle.Length ? _formatOfStyle[s] : 0u;
        if (IsElapsed(format)) return Elapsed(number);
        if (IsDate(format) && number is >= 0 and < 2_958_466) return Date(number);
        if (BuiltInPercent.Contains(format)) return (number * 100).ToString("G15", CultureInfo.InvariantCulture) + "%";
        return number.ToString("G15", CultureInfo.InvariantCulture);
    }

    bool IsDate(uint format) =>
        BuiltInDates.Contains(format) || (_customFormats.TryGetValue(format, out var code) && LooksLikeDate(code));

    bool IsElapsed(uint format) =>
        format == BuiltInElapsed || (_customFormats.TryGetValue(format, out var code)
            && (code.Contains("[h", StringComparison.OrdinalIgnoreCase) || code.Contains("[m", StringComparison.OrdinalIgnoreCase) || code.Contains("[s", StringComparison.OrdinalIgnoreCase)));

    static string Elapsed(double days)
    {
        var span = TimeSpan.FromDays(Math.Abs(days));
        return $"{(days < 0 ? "-" : "")}{(long)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}";
    }

    /// <summary>A custom format is a date when, outside quoted text and [brackets], it has day, month or year codes.</summary>
    static bool LooksLikeDate(string code)
    {
        bool quoted = false, bracket = false;
        foreach (var c in code)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c == '[') bracket = true;
            else if (!quoted && c == ']') bracket = false;
            else if (!quoted && !bracket && char.ToLowerInvariant(c) is 'd' or 'y' or 'm') return true;
        }
        return false;
    }

    static string Date(double serial)
    {
        var when = DateTime.FromOADate(serial);
        return when.TimeOfDay == TimeSpan.Zero ? when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : serial < 1 ? when.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : when.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>Rich text keeps its runs' text; phonetic guides (rPh) are left out.</summary>
    static string Text(SharedStringItem item) =>
        item.Text?.Text ?? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text));

    static string InlineText(InlineString inline) =>
        inline.Text?.Text ?? string.Concat(inline.Elements<Run>().Select(r => r.Text?.Text));
}
