using System.Security.Cryptography;
using System.Text;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>
/// A one-page PDF encrypted with the standard security handler, revision 2 (RC4, 40-bit key), and the empty user
/// password, written here (PDF 1.7, 7.6.3: algorithms 1, 2 and 4) so that a test can put any CMap inside an
/// encrypted stream, where the raw-byte pre-flight cannot see it.
/// </summary>
static class PdfEncryptedFiles
{
    public const string Phrase = "Hello encrypted";
    public const string SaneRange = "<20> <7E> <0020>";

    static readonly byte[] Padding = Convert.FromHexString("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A");
    static readonly byte[] Owner = new byte[32];   // any value: a reader tries the empty user password first
    static readonly byte[] Id = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");
    const int Permissions = -4;

    public static byte[] WithToUnicodeRange(string range)
    {
        var key = MD5.HashData([.. Padding, .. Owner, .. BitConverter.GetBytes(Permissions), .. Id])[..5];
        var cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Test def\n"
                 + "1 begincodespacerange <00> <FF> endcodespacerange\n"
                 + $"1 beginbfrange\n{range}\nendbfrange\nendcmap CMapName currentdict /CMap defineresource pop end end";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            Stream(key, 4, $"BT /F1 12 Tf 72 720 Td ({Phrase}) Tj ET"),
            // Not one of the standard 14 fonts, whose ToUnicode PdfPig does not read; no font program (SkipMissingFonts).
            "<< /Type /Font /Subtype /Type1 /BaseFont /LongDocTest /FirstChar 32 /LastChar 126 /Widths [" + string.Join(' ', Enumerable.Repeat(500, 95)) + "] /FontDescriptor 7 0 R /ToUnicode 6 0 R >>",
            Stream(key, 6, cmap),
            "<< /Type /FontDescriptor /FontName /LongDocTest /Flags 32 /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
        ];
        var user = Rc4(key, Padding);
        var sb = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Length; i++)
        {
            offsets.Add(sb.Length);
            sb.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        int xref = sb.Length;
        sb.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) sb.Append($"{o:D10} 00000 n \n");
        sb.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /ID [<{Convert.ToHexString(Id)}> <{Convert.ToHexString(Id)}>] ");
        sb.Append($"/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /O <{Convert.ToHexString(Owner)}> /U <{Convert.ToHexString(user)}> /P {Permissions} >> >>\n");
        sb.Append($"startxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    // The object's key: MD5 of the file key, the object number's low 3 bytes and the generation's low 2 bytes.
    static string Stream(byte[] key, int number, string content)
    {
        var objectKey = MD5.HashData([.. key, (byte)number, (byte)(number >> 8), (byte)(number >> 16), 0, 0])[..10];
        var data = Rc4(objectKey, Encoding.Latin1.GetBytes(content));
        return $"<< /Length {data.Length} >>\nstream\n{Encoding.Latin1.GetString(data)}\nendstream";
    }

    static byte[] Rc4(byte[] key, byte[] data)
    {
        var s = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        for (int i = 0, j = 0; i < 256; i++)
        {
            j = (j + s[i] + key[i % key.Length]) & 255;
            (s[i], s[j]) = (s[j], s[i]);
        }
        var output = new byte[data.Length];
        for (int n = 0, i = 0, j = 0; n < data.Length; n++)
        {
            i = (i + 1) & 255;
            j = (j + s[i]) & 255;
            (s[i], s[j]) = (s[j], s[i]);
            output[n] = (byte)(data[n] ^ s[(s[i] + s[j]) & 255]);
        }
        return output;
    }
}
