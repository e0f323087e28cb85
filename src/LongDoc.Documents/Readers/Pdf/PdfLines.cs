using UglyToad.PdfPig.Content;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// Words -> lines. Words on one baseline form a row; a row is cut into separate lines where it crosses a
/// column gutter, so that two-column pages give one line per column instead of lines that run across both.
/// </summary>
static partial class PdfLines
{
    // A gap this wide (in ems) is a gutter candidate; justified inter-word spaces stay well below it.
    const double GutterCandidateEm = 0.75;
    // A gap this wide always separates lines (tab stops, table cells, a header's left and right parts).
    const double AlwaysSplitEm = 2.0;
    // A candidate is a real gutter when this many of the nearby rows have a gap over the same x range.
    const int GutterVotes = 2;
    const int GutterNeighbourhood = 3;
    const double MinGutterOverlap = 1.5; // points
    const double NeighbourReachEm = 4;

    // NFC keeps typographic ligatures; searches and quotes expect the letters ("ﬁlled" -> "filled").
    static readonly Dictionary<string, string> Ligatures = new()
    {
        ["\uFB00"] = "ff", ["\uFB01"] = "fi", ["\uFB02"] = "fl", ["\uFB03"] = "ffi", ["\uFB04"] = "ffl", ["\uFB05"] = "st", ["\uFB06"] = "st",
    };

    // Table-of-contents dot leaders (". . . . ." or "......") between a title and its page number.
    [System.Text.RegularExpressions.GeneratedRegex(@"(?:\s*\.){4,}\s*")]
    private static partial System.Text.RegularExpressions.Regex DotLeaderRegex();

    sealed record PlacedWord(string Text, double Left, double Right, double Baseline, double Size, bool Bold);

    sealed class Row(PlacedWord first)
    {
        public readonly List<PlacedWord> Words = [first];
        public double Baseline = first.Baseline;
        public double Size = first.Size;
    }

    public static List<PdfLine> Build(IEnumerable<Word> words)
    {
        var placed = words
            .Where(w => !string.IsNullOrWhiteSpace(w.Text))
            .Select(w => new PlacedWord(w.Text, w.BoundingBox.Left, w.BoundingBox.Right, PdfFonts.Baseline(w), PdfFonts.Size(w), PdfFonts.IsBold(w)))
            .OrderByDescending(w => w.Baseline).ThenBy(w => w.Left)
            .ToList();
        var rows = GroupRows(placed);
        foreach (var r in rows) r.Words.Sort((a, b) => a.Left.CompareTo(b.Left));
        var lines = new List<PdfLine>();
        for (int i = 0; i < rows.Count; i++) SplitRow(rows, i, lines);
        return lines;
    }

    // Words sorted by baseline (top first) join the nearest recent row whose baseline is within 0.4 em;
    // superscripts (footnote marks) sit ~0.35 em higher and still join their row.
    static List<Row> GroupRows(List<PlacedWord> placed)
    {
        var rows = new List<Row>();
        foreach (var w in placed)
        {
            Row? best = null;
            for (int i = rows.Count - 1; i >= 0; i--)
            {
                var r = rows[i];
                if (r.Baseline - w.Baseline > 2 * Math.Max(r.Size, w.Size)) break;
                if (Math.Abs(r.Baseline - w.Baseline) <= 0.4 * Math.Max(r.Size, w.Size)) { best = r; break; }
            }
            if (best is null) rows.Add(new Row(w));
            else
            {
                best.Words.Add(w);
                if (w.Size > best.Size) { best.Size = w.Size; best.Baseline = w.Baseline; }
            }
        }
        return rows;
    }

    static void SplitRow(List<Row> rows, int index, List<PdfLine> into)
    {
        var row = rows[index];
        int start = 0;
        for (int i = 1; i < row.Words.Count; i++)
        {
            double left = row.Words[i - 1].Right, right = row.Words[i].Left;
            double em = Math.Max(row.Words[i].Size, row.Words[i - 1].Size);
            if (right - left < GutterCandidateEm * em) continue;
            if (right - left >= AlwaysSplitEm * em || Votes(rows, index, left, right) >= GutterVotes)
            {
                into.Add(MakeLine(row.Words, start, i));
                start = i;
            }
        }
        into.Add(MakeLine(row.Words, start, row.Words.Count));
    }

    static int Votes(List<Row> rows, int index, double left, double right)
    {
        int votes = 0;
        for (int j = Math.Max(0, index - GutterNeighbourhood); j <= Math.Min(rows.Count - 1, index + GutterNeighbourhood); j++)
        {
            if (j == index) continue;
            var other = rows[j];
            if (Math.Abs(other.Baseline - rows[index].Baseline) > NeighbourReachEm * rows[index].Size) continue;
            // A neighbour votes when it has text on both sides of the gap and none inside it: the same gutter.
            bool inside = other.Words.Any(w => w.Right > left + MinGutterOverlap && w.Left < right - MinGutterOverlap);
            bool before = other.Words.Any(w => w.Right <= left + MinGutterOverlap);
            bool after = other.Words.Any(w => w.Left >= right - MinGutterOverlap);
            if (!inside && before && after) votes++;
        }
        return votes;
    }

    // Private-use code points are icon glyphs (Google Docs' flag emoji, symbol fonts): no text to read or quote.
    static string StripPrivateUse(string text)
    {
        if (!text.Any(c => char.IsSurrogate(c) || (c >= '\uE000' && c <= '\uF8FF'))) return text;
        var sb = new System.Text.StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            int cp = char.IsSurrogatePair(text, i) ? char.ConvertToUtf32(text[i], text[++i]) : text[i];
            bool privateUse = cp is >= 0xE000 and <= 0xF8FF or >= 0xF0000;
            if (!privateUse) sb.Append(char.ConvertFromUtf32(cp is >= 0xD800 and <= 0xDFFF ? 0xFFFD : cp));
        }
        return sb.ToString();
    }

    static PdfLine MakeLine(List<PlacedWord> words, int from, int to)
    {
        var part = words.GetRange(from, to - from);
        var text = Ligatures.Aggregate(string.Join(" ", part.Select(w => w.Text)), (t, p) => t.Replace(p.Key, p.Value));
        text = DotLeaderRegex().Replace(StripPrivateUse(text), " ").Trim();
        int chars = Math.Max(1, part.Sum(w => w.Text.Length));
        // The line's size is the size most of its characters have: a superscript must not shrink a body line.
        double size = part.GroupBy(w => Math.Round(w.Size * 2) / 2).MaxBy(g => g.Sum(w => w.Text.Length))!.Key;
        bool bold = part.Sum(w => w.Bold ? w.Text.Length : 0) * 2 > chars;
        double baseline = part.MaxBy(w => w.Text.Length)!.Baseline;
        return new PdfLine(text, part.Min(w => w.Left), part.Max(w => w.Right), baseline + 0.75 * size, baseline - 0.25 * size, size, bold);
    }
}
