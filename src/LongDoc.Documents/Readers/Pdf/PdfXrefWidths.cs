using System.Text.RegularExpressions;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// An xref stream's /W gives the byte width of each field of its rows. PdfPig 0.1.16 puts a row on the stack, so
/// /W [1 2147483647 1] overflows it at once (a fuzz finding). A field wider than 8 bytes cannot hold a 64-bit
/// offset or number anyway: such a file is rejected.
/// </summary>
static partial class PdfXrefWidths
{
    const int MaxFieldBytes = 8;

    [GeneratedRegex(@"/Type[\s\0]*/XRef\b")]
    private static partial Regex XrefTypeRegex();
    [GeneratedRegex(@"/W[\s\0]*\[([^\]]*)\]")]
    private static partial Regex WidthsRegex();
    [GeneratedRegex(@"[+-]?\d+")]
    private static partial Regex NumberRegex();

    public static string? Check(List<(int Number, string Head)> objects)
    {
        foreach (var (number, head) in objects)
        {
            if (!XrefTypeRegex().IsMatch(head)) continue;
            foreach (Match w in WidthsRegex().Matches(head))
                foreach (Match n in NumberRegex().Matches(w.Groups[1].Value))
                    if (!int.TryParse(n.ValueSpan, out int width) || width > MaxFieldBytes)
                        return $"malformed PDF: xref stream object {number} has a field width of {n.Value} bytes in /W (at most {MaxFieldBytes})";
        }
        return null;
    }
}
