using System.Text.RegularExpressions;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// An xref stream's /W gives the byte width of each field of its rows. PdfPig 0.1.16 puts a row on the stack, so
/// /W [1 2147483647 1] or [-2147483648 2 1] overflows it at once (fuzz findings). A field wider than 8 bytes cannot
/// hold a 64-bit offset or number anyway, and a negative width means nothing: such a file is rejected.
/// </summary>
static partial class PdfXrefWidths
{
    const int MaxFieldBytes = 8;

    // An xref stream's dictionary: its /Type, or (if that was damaged) the /Size it must have. A CIDFont's /W, whose
    // widths are large numbers in nested arrays, has neither.
    [GeneratedRegex(@"/Type[\s\0]*/XRef\b|/Size\b")]
    private static partial Regex XrefDictionaryRegex();
    [GeneratedRegex(@"/W[\s\0]*\[([^\]]*)\]")]
    private static partial Regex WidthsRegex();
    [GeneratedRegex(@"[+-]?\d+")]
    private static partial Regex NumberRegex();

    public static string? Check(List<(int Number, string Head)> objects)
    {
        foreach (var (number, head) in objects)
        {
            if (!XrefDictionaryRegex().IsMatch(head)) continue;
            foreach (Match w in WidthsRegex().Matches(head))
                foreach (Match n in NumberRegex().Matches(w.Groups[1].Value))
                    if (!int.TryParse(n.ValueSpan, out int width) || width is < 0 or > MaxFieldBytes)
                        return $"malformed PDF: xref stream object {number} has a field width of {n.Value} bytes in /W (0 to {MaxFieldBytes})";
        }
        return null;
    }
}
