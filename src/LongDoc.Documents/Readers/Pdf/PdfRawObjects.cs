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
    [GeneratedRegex(@"/First\s+(\d+)")]
    private static partial Regex FirstOffsetRegex();

    public static List<(int Number, string Head)> Scan(ReadOnlySpan<byte> bytes)
    {
        var found = new List<(int, string)>();
        long inflated = 0;
        var text = Encoding.Latin1.GetString(bytes);
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
            var head = (streamAt >= 0 ? body[..streamAt] : body).ToString();
            found.Add((number, head));
            if (streamAt >= 0 && ObjectStreamRegex().IsMatch(head))
            {
                // The stream data may hold "endobj" or "N G obj" by chance: read it up to "endstream" from the raw text.
                int dataAt = start + streamAt + "stream".Length;
                ScanObjectStream(found, head, text.AsSpan(dataAt), ref inflated);
            }
        }
        return found;
    }

    // An object stream holds "num offset" pairs, then the objects from /First on; each object gets its slice.
    static void ScanObjectStream(List<(int, string)> found, string dict, ReadOnlySpan<char> afterKeyword, ref long inflated)
    {
        int end = afterKeyword.IndexOf("endstream", StringComparison.Ordinal);
        if (end < 0) return;
        var content = Inflate(afterKeyword[..end].TrimStart("\r\n").ToString(), ref inflated);
        if (content is null) return;
        var first = FirstOffsetRegex().Match(dict);
        if (!first.Success || !int.TryParse(first.Groups[1].ValueSpan, out int firstOffset) || firstOffset > content.Length) return;
        var header = content[..firstOffset].Split((char[])[' ', '\r', '\n', '\t', '\0'], StringSplitOptions.RemoveEmptyEntries);
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
