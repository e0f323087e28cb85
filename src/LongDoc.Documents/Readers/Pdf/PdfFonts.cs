using UglyToad.PdfPig.Content;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>Font facts about a word: its size in points and whether it is set in a bold face.</summary>
static class PdfFonts
{
    // Many embedded fonts do not set the bold flag; their names do ("ABCDEF+Arial-BoldMT", "CMBX12").
    static readonly string[] BoldNameMarkers = ["bold", "black", "heavy", "semibold", "demi", "cmbx", "cmb10", ",b"];

    public static double Size(Word word)
    {
        double sum = 0; int n = 0;
        foreach (var l in word.Letters)
            if (l.PointSize > 0) { sum += l.PointSize; n++; }
        // Type 3 and broken fonts can report 0: fall back to the glyph box height.
        return n > 0 ? sum / n : Math.Max(word.BoundingBox.Height, 1);
    }

    public static bool IsBold(Word word)
    {
        if (word.Letters.Count == 0) return false;
        var letter = word.Letters[0];
        if (letter.FontDetails?.IsBold == true) return true;
        var name = letter.FontName ?? "";
        var plus = name.IndexOf('+');
        if (plus >= 0) name = name[(plus + 1)..];
        foreach (var m in BoldNameMarkers)
            if (name.Contains(m, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>Baseline height of the word: where its first letter sits.</summary>
    public static double Baseline(Word word) =>
        word.Letters.Count > 0 ? word.Letters[0].StartBaseLine.Y : word.BoundingBox.Bottom;
}
