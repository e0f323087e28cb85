using DocumentFormat.OpenXml;
using A = DocumentFormat.OpenXml.Drawing;

namespace LongDoc.Documents.Readers.Pptx;

/// <summary>The text of DrawingML paragraphs: runs and fields joined, line breaks kept.</summary>
internal static class PptxText
{
    public static string Of(A.Paragraph paragraph) => string.Concat(paragraph.ChildElements.Select(c => c switch
    {
        A.Run r => r.Text?.Text,
        A.Field f => f.Text?.Text,
        A.Break => "\n",
        _ => null,
    }));

    /// <summary>All paragraphs of a text body as lines (a table cell, a title split over paragraphs).</summary>
    public static string Joined(OpenXmlElement? body) =>
        body is null ? "" : string.Join("\n", body.Elements<A.Paragraph>().Select(Of)).Trim();

    /// <summary>A table's rows of cell texts.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(A.Table table) =>
        table.Elements<A.TableRow>().Select(r => (IReadOnlyList<string>)r.Elements<A.TableCell>().Select(c => Joined(c.TextBody)).ToArray()).ToArray();
}
