using UglyToad.PdfPig.Fonts.Standard14Fonts;

namespace LongDoc.Samples.Generator.Pdf;

/// <summary>The faces the report uses; all are standard-14 fonts, so nothing is embedded and the file stays small.</summary>
public enum Face { Body, BodyItalic, Sans, SansBold }

public static class Faces
{
    public static readonly IReadOnlyDictionary<Face, Standard14Font> Standard14 = new Dictionary<Face, Standard14Font>
    {
        [Face.Body] = Standard14Font.TimesRoman,
        [Face.BodyItalic] = Standard14Font.TimesItalic,
        [Face.Sans] = Standard14Font.Helvetica,
        [Face.SansBold] = Standard14Font.HelveticaBold,
    };
}
