using System.Globalization;

namespace LongDoc.Documents.Readers.Ocr;

/// <summary>
/// Parses Tesseract's TSV output: one row per page (level 1), block (2), paragraph (3), line (4) and word (5),
/// columns level, page_num, block_num, par_num, line_num, word_num, left, top, width, height, conf, text.
/// </summary>
static class TesseractTsv
{
    const int PageLevel = 1, WordLevel = 5, Columns = 12;

    public static List<OcrImagePage> Parse(string tsv)
    {
        var pages = new List<OcrImagePage>();
        foreach (var row in tsv.Split('\n'))
        {
            var c = row.TrimEnd('\r').Split('\t');
            if (c.Length < Columns || !int.TryParse(c[0], out var level)) continue;   // the header row, or a cut-off line
            int I(int i) => int.Parse(c[i], CultureInfo.InvariantCulture);
            if (level == PageLevel) pages.Add(new OcrImagePage(I(1), I(8), I(9), []));
            else if (level == WordLevel && pages.Count > 0 && c[11].Trim() is { Length: > 0 } text)
                pages[^1].Words.Add(new OcrWord(I(1), I(2), I(3), I(4), I(6), I(7), I(8), I(9),
                    Math.Max(0, double.Parse(c[10], CultureInfo.InvariantCulture)), text));
        }
        return pages;
    }
}
