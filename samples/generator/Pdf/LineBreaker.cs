namespace LongDoc.Samples.Generator.Pdf;

/// <summary>One set line of a paragraph, with the facts whose answers it carries.</summary>
public sealed record Line(string Text, IReadOnlyList<string> FactIds);

/// <summary>
/// Greedy line breaking at spaces, measured with the real font metrics. Spaces inside a fact's
/// answer are not break points, so an answer such as "Dr. Ingrid Solvang" always stays on one line.
/// </summary>
public static class LineBreaker
{
    public static List<Line> Break(ParagraphBlock p, double width, Face face, double size, TextMeasurer m)
    {
        var words = Words(p);
        var lines = new List<Line>();
        double space = m.Width(" ", face, size);
        var current = new List<(string Text, string? Fact)>();
        double used = 0;
        foreach (var w in words)
        {
            double ww = m.Width(w.Text, face, size);
            if (ww > width) throw new InvalidOperationException($"Word \"{w.Text}\" is wider than the column ({ww:F1} > {width:F1} pt)");
            double needed = current.Count == 0 ? ww : used + space + ww;
            if (needed > width && current.Count > 0)
            {
                lines.Add(ToLine(current));
                current.Clear();
                needed = ww;
            }
            current.Add(w);
            used = needed;
        }
        if (current.Count > 0) lines.Add(ToLine(current));
        return lines;
    }

    static Line ToLine(List<(string Text, string? Fact)> words) =>
        new(string.Join(' ', words.Select(w => w.Text)), words.Where(w => w.Fact is not null).Select(w => w.Fact!).Distinct().ToList());

    /// <summary>Splits at spaces outside fact spans; a word that overlaps a span carries that fact's id.</summary>
    static List<(string Text, string? Fact)> Words(ParagraphBlock p)
    {
        string? FactAt(int i) => p.Facts.FirstOrDefault(f => i >= f.Start && i < f.Start + f.Length)?.FactId;
        var words = new List<(string, string?)>();
        int start = 0;
        for (int i = 0; i <= p.Text.Length; i++)
        {
            bool end = i == p.Text.Length || (p.Text[i] == ' ' && FactAt(i) is null);
            if (!end) continue;
            if (i > start)
            {
                string? fact = null;
                for (int j = start; j < i && fact is null; j++) fact = FactAt(j);
                words.Add((p.Text[start..i], fact));
            }
            start = i + 1;
        }
        return words;
    }
}
