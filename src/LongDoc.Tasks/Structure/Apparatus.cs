using System.Text.RegularExpressions;
using LongDoc.Documents;

namespace LongDoc.Tasks.Structure;

/// <summary>What a passage is when it is not the document's content but its apparatus.</summary>
public enum ApparatusKind { None, Contents, Index, References, Credits, Formula }

/// <summary>
/// The parts of a document that help a reader find things but say nothing themselves: contents, index,
/// bibliography, figure and image credits, lists of figures and abbreviations, and formula lines whose symbols
/// came out of the PDF as text. Extractive summaries leave them out (a summary quoting "vanishing set, 26
/// Vektorprodukt, siehe Kreuzprodukt" is no summary); search still finds them.
/// A passage is apparatus when a heading above it names an apparatus section (in English, German, French or
/// Chinese, numbering ignored), or when its own text has an apparatus shape (<see cref="Shapes"/>).
/// </summary>
public static partial class Apparatus
{
    /// <summary>Section headings, lower-cased, without numbering or a trailing colon.</summary>
    static readonly Dictionary<string, ApparatusKind> Headings = new()
    {
        ["contents"] = ApparatusKind.Contents, ["table of contents"] = ApparatusKind.Contents,
        ["inhalt"] = ApparatusKind.Contents, ["inhaltsverzeichnis"] = ApparatusKind.Contents,
        ["table des matières"] = ApparatusKind.Contents, ["sommaire"] = ApparatusKind.Contents,
        ["目录"] = ApparatusKind.Contents, ["目次"] = ApparatusKind.Contents,
        ["list of figures"] = ApparatusKind.Contents, ["list of tables"] = ApparatusKind.Contents,
        ["abbildungsverzeichnis"] = ApparatusKind.Contents, ["tabellenverzeichnis"] = ApparatusKind.Contents,
        ["table des figures"] = ApparatusKind.Contents, ["liste des tableaux"] = ApparatusKind.Contents,
        ["abbreviations"] = ApparatusKind.Contents, ["list of abbreviations"] = ApparatusKind.Contents,
        ["abkürzungen"] = ApparatusKind.Contents, ["abkürzungsverzeichnis"] = ApparatusKind.Contents,
        ["index"] = ApparatusKind.Index, ["register"] = ApparatusKind.Index, ["sachregister"] = ApparatusKind.Index,
        ["stichwortverzeichnis"] = ApparatusKind.Index, ["sachverzeichnis"] = ApparatusKind.Index,
        ["index des notions"] = ApparatusKind.Index, ["索引"] = ApparatusKind.Index,
        ["bibliography"] = ApparatusKind.References, ["references"] = ApparatusKind.References,
        ["works cited"] = ApparatusKind.References, ["literatur"] = ApparatusKind.References,
        ["literaturverzeichnis"] = ApparatusKind.References, ["quellen"] = ApparatusKind.References,
        ["quellenverzeichnis"] = ApparatusKind.References, ["bibliographie"] = ApparatusKind.References,
        ["références"] = ApparatusKind.References, ["参考文献"] = ApparatusKind.References,
        ["image credits"] = ApparatusKind.Credits, ["picture credits"] = ApparatusKind.Credits,
        ["illustration credits"] = ApparatusKind.Credits, ["credits"] = ApparatusKind.Credits,
        ["bildquellen"] = ApparatusKind.Credits, ["bildnachweis"] = ApparatusKind.Credits,
        ["abbildungsnachweis"] = ApparatusKind.Credits, ["crédits photographiques"] = ApparatusKind.Credits,
    };

    /// <summary>
    /// Text shapes, tried in order. Index: two or more "term, 26" / "term, siehe X" / "term, 89–90" entries, at
    /// least one in five words, no closing full stop. Contents: dot leaders before a page number. Credits: a web address
    /// in a caption, or after a figure label, or making up a quarter of the text. Formula: TeX commands left in the
    /// text ("\MQA = \MRP"), or a relation (=, &lt;, ≤, ∈, ...) where fewer than half the characters are letters (a
    /// sentence of figures, "Revenue rose 12% to 4.2m in 2025.", has no relation and stays), or two words in five
    /// single symbols other than the one-letter words of English, French and Italian (a list of symbols: "A [ B A \ B
    /// Differenzmenge", "f : S 1 ,! R 2 Einbettung der Kreislinie").
    /// </summary>
    static readonly (ApparatusKind Kind, Func<string, BlockKind, bool> Test)[] Shapes =
    [
        (ApparatusKind.Index, (t, _) => IndexEntry().Count(t) is var n && n >= 2 && n * 5 >= Words(t) && !SentenceEnd().IsMatch(t)),
        (ApparatusKind.Contents, (t, _) => DotLeader().IsMatch(t)),
        (ApparatusKind.Credits, (t, kind) => WebAddress().Match(t) is { Success: true } m
            && (kind == BlockKind.Caption || FigureLabel().IsMatch(t) || m.Length * 4 >= t.Length)),
        (ApparatusKind.Formula, (t, _) => TexCommand().IsMatch(t) || (LetterShare(t) < 0.5 && Relation().IsMatch(t))
            || SymbolShare(t) >= 0.4),
    ];

    /// <summary>The apparatus a section path (outermost heading first) lies in, or None.</summary>
    public static ApparatusKind OfSection(IReadOnlyList<string> path)
    {
        foreach (var heading in path)
            if (Headings.TryGetValue(Key(heading), out var kind)) return kind;
        return ApparatusKind.None;
    }

    /// <summary>The apparatus a passage is (its section's, else its text's shape), or None.</summary>
    public static ApparatusKind Of(string text, BlockKind kind, IReadOnlyList<string> section)
    {
        var bySection = OfSection(section);
        if (bySection != ApparatusKind.None) return bySection;
        foreach (var (shape, test) in Shapes)
            if (test(text, kind)) return shape;
        return ApparatusKind.None;
    }

    // "1.2 Literatur:" -> "literatur"
    static string Key(string heading) => LeadingNumber().Replace(heading.Trim(), "").TrimEnd(':', ' ').ToLowerInvariant();

    static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    static readonly HashSet<string> OneLetterWords = ["a", "A", "I", "à", "À", "y", "o", "e", "è", "é"];

    static double SymbolShare(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? 0 : (double)words.Count(w => w.Length == 1 && !OneLetterWords.Contains(w)) / words.Length;
    }

    static double LetterShare(string text)
    {
        int letters = 0, visible = 0;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c)) continue;
            visible++;
            if (char.IsLetter(c)) letters++;
        }
        return visible == 0 ? 1 : (double)letters / visible;
    }

    [GeneratedRegex(@"^(?:[0-9]+(?:\.[0-9]+)*\.?|[A-Z]\.|[IVXLC]+\.)\s+")]
    private static partial Regex LeadingNumber();

    [GeneratedRegex(@"\w,\s(?:[0-9]+(?:[–-][0-9]+)?|[ivxlc]+|siehe|see|voir)\b")]
    private static partial Regex IndexEntry();

    [GeneratedRegex(@"(?:\.\s?){4,}\s*[0-9ivxlc]+\s*$", RegexOptions.Multiline)]
    private static partial Regex DotLeader();

    [GeneratedRegex(@"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|edu|gov|de|fr|uk|io)/\S*")]
    private static partial Regex WebAddress();

    [GeneratedRegex(@"^(?:Abb\.|Abbildung|Bild|Fig\.|Figure|Tab\.|Table|Tabelle|Image)\s*[0-9]")]
    private static partial Regex FigureLabel();

    [GeneratedRegex(@"[.!?]\s*$")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[=<>≤≥≠≈∈∉⊂⊆∀∃→↦]")]
    private static partial Regex Relation();

    [GeneratedRegex(@"\\[A-Za-z]")]
    private static partial Regex TexCommand();
}
