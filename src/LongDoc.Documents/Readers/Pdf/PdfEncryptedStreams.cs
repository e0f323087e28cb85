using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// <see cref="PdfPreflight"/> reads raw bytes, so a CMap inside an encrypted stream is hidden from it (fuzz seed 7,
/// case 121: an over-wide range there kept PdfPig busy for minutes). Once PdfPig has opened an encrypted file (with
/// the empty user password or the one given), and before any page loads its fonts, every stream is read through
/// PdfPig's own decryption (RC4, AES-128, AES-256) and its CMap ranges checked by <see cref="PdfCMapRanges"/>.
/// </summary>
static class PdfEncryptedStreams
{
    /// <summary>Null when the pages may be read; else the problem, one line.</summary>
    public static string? Check(PdfDocument pdf)
    {
        if (!pdf.IsEncrypted) return null;
        long inflated = 0;
        foreach (var reference in pdf.Structure.CrossReferenceTable.ObjectOffsets.Keys)
            if (Stream(pdf, reference) is { } stream
                && PdfCMapRanges.CheckStream(Encoding.Latin1.GetString(stream.Data.Span), ref inflated) is { } found)
                return found;
        return null;
    }

    // A damaged object is PdfPig's to report when a page needs it; here it is only not a CMap.
    static StreamToken? Stream(PdfDocument pdf, IndirectReference reference)
    {
        try
        {
            return pdf.Structure.GetObject(reference)?.Data as StreamToken;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
