using LongDoc.Samples.Generator.Report;
using static LongDoc.Samples.Generator.Pdf.Geometry;

namespace LongDoc.Samples.Generator.Pdf;

/// <summary>Title page and contents page, laid out after the body so the contents can give real page numbers.</summary>
public static class FrontMatter
{
    public const int Pages = 2;

    public static LaidPage TitlePage(TextMeasurer m)
    {
        var page = new LaidPage();
        void Centered(string text, Face face, double size, double y) =>
            page.Texts.Add(new PlacedText(text, face, size, (PageWidth - m.Width(text, face, size)) / 2, y, []));
        Centered("VELLMARK STATION", Face.SansBold, 30, 600);
        Centered("Annual Report 2025", Face.Sans, 20, 566);
        page.Rules.Add(new PlacedRule(Left + 80, 548, Right - 80, 548, 1.2));
        Centered("A research station on Skarn Island, in the Orrin Sea", Face.Body, 13, 520);
        Centered("Reporting period: January to December 2025", Face.Body, 12, 498);
        Centered("Prepared by the Station Directorate", Face.Body, 12, 480);
        Centered("This is a fictional document generated to test LongDoc. All people, places and figures in it are invented.", Face.BodyItalic, 9, 90);
        return page;
    }

    public static LaidPage ContentsPage(IReadOnlyList<OutlineEntry> outline, TextMeasurer m)
    {
        var page = new LaidPage();
        double y = BodyTop;
        page.Texts.Add(new PlacedText("Contents", Face.SansBold, H1Size, Left, y - H1Size, []));
        y -= H1Size + H1After + 4;
        foreach (var e in outline)
        {
            (Face face, double size, double indent, double before) = e.Level == 1 ? (Face.SansBold, 11.0, 0.0, 6.0) : (Face.Body, 10.5, 18.0, 0.0);
            y -= before;
            string number = e.Page.ToString(System.Globalization.CultureInfo.InvariantCulture);
            page.Texts.Add(new PlacedText(e.Title, face, size, Left + indent, y - size, []));
            page.Texts.Add(new PlacedText(number, face, size, Right - m.Width(number, face, size), y - size, []));
            y -= size + 4.5;
        }
        if (y < BodyBottom) throw new InvalidOperationException("Contents do not fit on one page");
        return page;
    }
}
