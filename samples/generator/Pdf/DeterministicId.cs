using System.Security.Cryptography;
using System.Text;

namespace LongDoc.Samples.Generator.Pdf;

/// <summary>
/// PdfPig writes a random file identifier (/ID, two GUIDs) into the trailer. We overwrite both with
/// a hash of the rest of the file, keeping the length so no cross-reference offset moves; the output
/// is then byte-identical from run to run.
/// </summary>
public static class DeterministicId
{
    public static byte[] Apply(byte[] pdf)
    {
        var marker = "/ID [ <"u8.ToArray();
        int at = pdf.AsSpan().LastIndexOf(marker);
        if (at < 0) throw new InvalidOperationException("Generated PDF has no trailer /ID; PdfPig's writer changed its output format");
        int first = at + marker.Length, second = first + 32 + 2; // "<32 hex>< 32 hex>"
        if (pdf[first + 32] != (byte)'>' || pdf[second - 1] != (byte)'<' || pdf[second + 32] != (byte)'>')
            throw new InvalidOperationException("Generated PDF's trailer /ID is not two 16-byte hex strings");
        var copy = (byte[])pdf.Clone();
        copy.AsSpan(first, 32).Fill((byte)'0');
        copy.AsSpan(second, 32).Fill((byte)'0');
        byte[] hex = Encoding.ASCII.GetBytes(Convert.ToHexString(MD5.HashData(copy)));
        hex.CopyTo(copy, first);
        hex.CopyTo(copy, second);
        return copy;
    }
}
