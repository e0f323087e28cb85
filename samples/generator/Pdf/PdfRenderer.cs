using System.Globalization;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Outline;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Writer;
using static LongDoc.Samples.Generator.Pdf.Geometry;

namespace LongDoc.Samples.Generator.Pdf;

/// <summary>
/// Writes laid-out pages with PdfPig's builder: running header and footer on every page after the
/// title page (the furniture a reader should drop), document title metadata, and a two-level outline.
/// </summary>
public static class PdfRenderer
{
    public static byte[] Render(IReadOnlyList<LaidPage> pages, IReadOnlyList<OutlineEntry> outline, string title, string runningHeader)
    {
        using var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = title;
        builder.DocumentInformation.Author = "LongDoc sample generator";
        builder.DocumentInformation.Subject = "Fictional annual report of a polar research station";
        builder.DocumentInformation.Producer = "LongDoc.Samples.Generator (PdfPig)";
        var fonts = Faces.Standard14.ToDictionary(kv => kv.Key, kv => builder.AddStandard14Font(kv.Value));

        for (int i = 0; i < pages.Count; i++)
        {
            var pb = builder.AddPage(PageSize.A4);
            int number = i + 1;
            if (number > 1)
            {
                pb.AddText(runningHeader, 8, new PdfPoint(Left, HeaderBaseline), fonts[Face.Sans]);
                pb.DrawLine(new PdfPoint(Left, HeaderRule), new PdfPoint(Right, HeaderRule), 0.4);
            }
            foreach (var t in pages[i].Texts) pb.AddText(t.Text, t.Size, new PdfPoint(t.X, t.Y), fonts[t.Face]);
            foreach (var r in pages[i].Rules) pb.DrawLine(new PdfPoint(r.X1, r.Y1), new PdfPoint(r.X2, r.Y2), r.Width);
            if (number > 1)
            {
                string footer = string.Create(CultureInfo.InvariantCulture, $"Page {number} of {pages.Count}");
                var measured = pb.MeasureText(footer, 8, new PdfPoint(0, 0), fonts[Face.Sans]);
                pb.AddText(footer, 8, new PdfPoint((PageWidth - measured[^1].EndBaseLine.X) / 2, FooterBaseline), fonts[Face.Sans]);
            }
        }
        builder.Bookmarks = new Bookmarks(Tree(outline));
        return DeterministicId.Apply(builder.Build());
    }

    /// <summary>Chapters become root bookmarks, their sections the children.</summary>
    static List<BookmarkNode> Tree(IReadOnlyList<OutlineEntry> outline)
    {
        var roots = new List<BookmarkNode>();
        for (int i = 0; i < outline.Count; i++)
        {
            if (outline[i].Level != 1) continue;
            var children = outline.Skip(i + 1).TakeWhile(e => e.Level == 2).Select(e => Node(e, 1, [])).ToList();
            roots.Add(Node(outline[i], 0, children));
        }
        return roots;
    }

    static BookmarkNode Node(OutlineEntry e, int level, List<BookmarkNode> children) =>
        new DocumentBookmarkNode(e.Title, level,
            new ExplicitDestination(e.Page, ExplicitDestinationType.XyzCoordinates, new ExplicitDestinationCoordinates(Left, e.Top)),
            children);
}
