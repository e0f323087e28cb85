using System.Text;

namespace LongDoc.Testing.Documents;

/// <summary>Small PDFs written object by object with a correct xref table, so that only their object graph is hostile.</summary>
public static class PdfObjectFiles
{
    /// <summary>Objects 1..n in order, object 1 the catalog; the xref offsets are computed.</summary>
    public static byte[] Build(IReadOnlyList<string> objects, string trailerExtra = "")
    {
        var sb = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Count; i++)
        {
            offsets.Add(sb.Length);
            sb.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        int xref = sb.Length;
        sb.Append($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) sb.Append($"{o:D10} 00000 n \n");
        sb.Append($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R {trailerExtra}>>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>
    /// Issue 14's file, as small: the page's /Resources is object 5, a reference to object 6, which refers back to 5;
    /// its /MediaBox is object 7, which refers to 8, which refers back to 7. PdfPig 0.1.16 followed them until the
    /// stack overflowed (exit 134 and 52,000 lines of trace).
    /// </summary>
    public static byte[] MutualReferences() => Build([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox 7 0 R /Contents 4 0 R /Resources 5 0 R >>",
        "<< /Length 36 >>\nstream\nBT /F1 12 Tf 72 720 Td (Hello) Tj ET\nendstream",
        "6 0 R", "5 0 R", "8 0 R", "7 0 R"]);
}
