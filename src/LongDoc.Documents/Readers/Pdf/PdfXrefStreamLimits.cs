using System.Text.RegularExpressions;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// Limits on an xref stream's dictionary that PdfPig 0.1.16 trusts (fuzz findings, each a regression test):
/// - /W gives each row field's byte width, and PdfPig puts a row on the stack: /W [1 2147483647 1] or
///   [-2147483648 2 1] overflows it at once. A field wider than 8 bytes cannot hold a 64-bit offset anyway.
/// - /Size (and the counts in /Index) give how many object numbers it lists, and PdfPig lists them all first:
///   /Size 1e308 fills memory for minutes. The PDF specification's limit on object numbers is 8,388,607.
/// </summary>
static partial class PdfXrefStreamLimits
{
    const int MaxFieldBytes = 8;
    const long MaxObjects = 8_388_607;

    // An xref stream's dictionary: its /Type, or (if that was damaged) the /Size it must have. A CIDFont's /W, whose
    // widths are large numbers in nested arrays, has neither.
    [GeneratedRegex(@"/Type[\s\0]*/XRef\b|/Size\b")]
    private static partial Regex XrefDictionaryRegex();
    [GeneratedRegex(@"/W[\s\0]*\[([^\]]*)\]")]
    private static partial Regex WidthsRegex();
    [GeneratedRegex(@"/Size[\s\0]+([^\s\0/>\]]+)")]
    private static partial Regex SizeRegex();
    [GeneratedRegex(@"/Index[\s\0]*\[([^\]]*)\]")]
    private static partial Regex IndexRegex();
    [GeneratedRegex(@"[^\s\0]+")]
    private static partial Regex TokenRegex();

    public static string? Check(List<(int Number, string Head)> objects)
    {
        foreach (var (number, head) in objects)
        {
            if (!XrefDictionaryRegex().IsMatch(head)) continue;
            foreach (Match w in WidthsRegex().Matches(head))
                foreach (Match n in TokenRegex().Matches(w.Groups[1].Value))
                    if (!long.TryParse(n.ValueSpan, out long width) || width is < 0 or > MaxFieldBytes)
                        return $"malformed PDF: xref stream object {number} has a field width of {n.Value} bytes in /W (0 to {MaxFieldBytes})";
            foreach (Match s in SizeRegex().Matches(head))
                if (!long.TryParse(s.Groups[1].ValueSpan, out long size) || size is < 0 or > MaxObjects)
                    return $"malformed PDF: xref stream object {number} has /Size {s.Groups[1].Value} (0 to {MaxObjects:N0})";
            foreach (Match i in IndexRegex().Matches(head))
                foreach (Match n in TokenRegex().Matches(i.Groups[1].Value))
                    if (!long.TryParse(n.ValueSpan, out long value) || value is < 0 or > MaxObjects)
                        return $"malformed PDF: xref stream object {number} has {n.Value} in /Index (0 to {MaxObjects:N0})";
        }
        return null;
    }
}
