using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// A CMap's code ranges ("beginbfrange" / "begincidrange": <lo> <hi> ...) are walked code by code by PdfPig 0.1.16;
/// a bound of more than 4 bytes (<2147483648> in a ToUnicode CMap: a fuzz finding) or a range of more than 65,536
/// codes keeps it busy for minutes. CMaps are looked for in the raw text and in every small Flate stream, and in an
/// encrypted file's streams once PdfPig has decrypted them (<see cref="PdfEncryptedStreams"/>).
/// </summary>
static partial class PdfCMapRanges
{
    const int MaxBoundHexDigits = 8;
    const long MaxCodes = 65_536;
    const int MaxCompressedBytes = 1 << 20;          // CMaps are small; images and long content streams are left alone
    const long MaxInflatedBytes = 64L << 20;

    [GeneratedRegex(@"begin(bf|cid)range(.*?)end\1range", RegexOptions.Singleline)]
    private static partial Regex SectionRegex();
    [GeneratedRegex(@"(?m)^[\s\0]*<([0-9A-Fa-f\s]*)>[\s\0]*<([0-9A-Fa-f\s]*)>")]
    private static partial Regex RangeRegex();
    [GeneratedRegex(@"(?<!end)stream(?:\r\n|\n|\r)")]
    private static partial Regex StreamKeywordRegex();

    public static string? Check(string text)
    {
        if (Find(text) is { } raw) return raw;
        long inflated = 0;
        foreach (Match k in StreamKeywordRegex().Matches(text))
        {
            int dataAt = k.Index + k.Length;
            int end = text.IndexOf("endstream", dataAt, StringComparison.Ordinal);
            if (end >= 0 && CheckStream(text[dataAt..end], ref inflated) is { } found) return found;
        }
        return null;
    }

    /// <summary>One stream's data (Latin-1), as it is and inflated; <paramref name="inflated"/> counts over all streams.</summary>
    public static string? CheckStream(string data, ref long inflated) =>
        data.Length > MaxCompressedBytes || inflated > MaxInflatedBytes ? null : Find(data) ?? Find(Inflate(data, ref inflated));

    static string? Find(string content)
    {
        if (!content.Contains("range", StringComparison.Ordinal)) return null;
        foreach (Match section in SectionRegex().Matches(content))
            foreach (Match r in RangeRegex().Matches(section.Groups[2].Value))
            {
                var lo = Hex(r.Groups[1].Value);
                var hi = Hex(r.Groups[2].Value);
                if (lo.Length > MaxBoundHexDigits || hi.Length > MaxBoundHexDigits
                    || Convert.ToInt64("0" + hi, 16) - Convert.ToInt64("0" + lo, 16) >= MaxCodes)
                    return $"malformed PDF: a CMap's {section.Groups[1].Value}range <{Digits(r.Groups[1].Value)}> <{Digits(r.Groups[2].Value)}> spans more than {MaxCodes:N0} codes or 4 bytes";
            }
        return null;
    }

    static string Hex(string s) => Digits(s).TrimStart('0');

    static string Digits(string s) => string.Concat(s.Where(char.IsAsciiHexDigit));

    static string Inflate(string data, ref long inflated)
    {
        var bytes = Encoding.Latin1.GetBytes(data);
        if (bytes.Length < 2) return "";
        using var input = new DeflateStream(new MemoryStream(bytes, 2, bytes.Length - 2), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[16384];
        try
        {
            for (int read; (read = input.Read(buffer)) > 0 && output.Length < MaxCompressedBytes * 16L;)
            {
                inflated += read;
                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException) { }
        return Encoding.Latin1.GetString(output.GetBuffer(), 0, (int)output.Length);
    }
}
