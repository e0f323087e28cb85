using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// Finds every "N G obj" in a PDF's raw bytes, without PdfPig, and yields its number and head (the text up to
/// "stream", "endobj" or the next object, whichever comes first). Objects inside Flate-compressed object streams
/// are yielded too (inflated as leniently as PdfPig does). Every definition of a number is yielded (incremental updates, or a damaged xref that makes
/// PdfPig scan for objects): the checks built on it are conservative. Encrypted object streams cannot be inflated
/// and are skipped: best effort.
/// </summary>
static partial class PdfRawObjects
{
    const long MaxInflatedBytes = 256L << 20;   // all object streams together: a zip bomb must not get through here

    [GeneratedRegex(@"(\d+)[\s\0]+\d+[\s\0]+obj\b")]
    private static partial Regex ObjectRegex();
    // An object stream's dictionary: its /Type, or its /First where a damaged file lost the /Type (a fuzz finding).
    [GeneratedRegex(@"/Type[\s\0]*/ObjStm\b|/First\b")]
    private static partial Regex ObjectStreamRegex();
    [GeneratedRegex(@"/First[\s\0]+(\d+)")]
    private static partial Regex FirstOffsetRegex();
    // "stream" and its end of line, not the end of "endstream".
    [GeneratedRegex(@"(?<!end)stream(?:\r\n|\n|\r)")]
    private static partial Regex StreamKeywordRegex();
    [GeneratedRegex(@"^[\s\0]*(?:\d+[\s\0]+\d+[\s\0]*)*")]
    private static partial Regex PairsRegex();

    /// <summary>How far before a "stream" keyword its dictionary is looked for (back to the previous stream's end at most).</summary>
    const int DictionaryWindow = 512;

    /// <summary><paramref name="text"/>: the file's bytes as Latin-1, one char per byte.</summary>
    public static List<(int Number, string Head)> Scan(string text)
    {
        var found = new List<(int, string)>();
        var matches = ObjectRegex().Matches(text);
        for (int i = 0; i < matches.Count; i++)
        {
            var m = matches[i];
            if (!int.TryParse(m.Groups[1].ValueSpan, out int number)) continue;
            int start = m.Index + m.Length;
            int next = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
            int end = text.IndexOf("endobj", start, next - start, StringComparison.Ordinal);
            var body = text.AsSpan(start, (end < 0 ? next : end) - start);
            int streamAt = body.IndexOf("stream", StringComparison.Ordinal);
            found.Add((number, (streamAt >= 0 ? body[..streamAt] : body).ToString()));
        }
        ScanObjectStreams(found, text);
        return found;
    }

    // Every stream whose dictionary (the text just before its "stream" keyword) marks an object stream. Found by the
    // keyword, not through "N G obj": PdfPig reads a dictionary across damage (a broken "8 0 obj" inside it, a
    // splice between its /Type and its /First), so the objects around it say little (fuzz findings).
    static void ScanObjectStreams(List<(int, string)> found, string text)
    {
        long inflated = 0;
        foreach (Match k in StreamKeywordRegex().Matches(text))
        {
            int from = Math.Max(0, k.Index - DictionaryWindow);
            int previous = text.LastIndexOf("endstream", k.Index, k.Index - from, StringComparison.Ordinal);
            if (previous >= 0) from = previous + "endstream".Length;   // the window holds this stream's dictionary only
            var dict = text[from..k.Index];
            if (!ObjectStreamRegex().IsMatch(dict)) continue;
            int dataAt = k.Index + k.Length;
            int end = text.IndexOf("endstream", dataAt, StringComparison.Ordinal);
            if (Inflate(text[dataAt..(end < 0 ? text.Length : end)], ref inflated) is not { } content) continue;
            var first = FirstOffsetRegex().Matches(dict).LastOrDefault();
            ScanObjectStream(found, content, first is not null && int.TryParse(first.Groups[1].ValueSpan, out int f) ? f : -1);
        }
    }

    // An object stream holds "num offset" pairs, then the objects from /First on; each object gets its slice. Without a
    // usable /First, the objects start where the pairs end.
    static void ScanObjectStream(List<(int, string)> found, string content, int firstOffset)
    {
        var pairs = PairsRegex().Match(content);
        if (firstOffset < 0 || firstOffset > content.Length) firstOffset = pairs.Length;
        var header = content[..Math.Min(firstOffset, content.Length)].Split((char[])[' ', '\r', '\n', '\t', '\0'], StringSplitOptions.RemoveEmptyEntries);
        var entries = new List<(int Number, int Offset)>();
        for (int i = 0; i + 1 < header.Length; i += 2)
            if (int.TryParse(header[i], out int n) && int.TryParse(header[i + 1], out int o)) entries.Add((n, o));
        for (int i = 0; i < entries.Count; i++)
        {
            long from = (long)firstOffset + entries[i].Offset;
            long to = i + 1 < entries.Count ? (long)firstOffset + entries[i + 1].Offset : content.Length;
            if (from < 0 || to > content.Length || from >= to) continue;
            found.Add((entries[i].Number, content[(int)from..(int)to]));
        }
    }

    // As tolerant as PdfPig's Flate filter: the two zlib header bytes are skipped whatever they hold, the Adler-32
    // checksum is not checked, and a damaged stream gives what was inflated before the damage (a flipped header or
    // checksum byte must not hide a /Kids loop from us: fuzz findings). Raw deflate, without the header, is tried too.
    static string? Inflate(string data, ref long inflated)
    {
        var bytes = Encoding.Latin1.GetBytes(data);
        foreach (int skip in (int[])[2, 0])
        {
            if (skip > bytes.Length) continue;
            using var input = new DeflateStream(new MemoryStream(bytes, skip, bytes.Length - skip), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            try
            {
                int read;
                while ((read = input.Read(buffer)) > 0)
                {
                    inflated += read;
                    if (inflated > MaxInflatedBytes) return null;
                    output.Write(buffer, 0, read);
                }
            }
            catch (InvalidDataException) { }   // encrypted, another filter, or damaged: what came out so far
            if (output.Length > 0) return Encoding.Latin1.GetString(output.GetBuffer(), 0, (int)output.Length);
        }
        return null;
    }
}
