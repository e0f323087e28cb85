using DocumentFormat.OpenXml.Wordprocessing;

namespace LongDoc.Documents.Readers.Docx;

/// <summary>
/// Word list numbering: turns (numId, ilvl) into the label Word would show ("3.", "b)", "1.2"), counting as the
/// body is read. Bullets get no label: the bullet glyph (a Symbol-font private-use character) is not content.
/// <para>Counters belong to the abstract numbering, so separate w:num instances that share one continue each
/// other, as in Word; a w:num with a startOverride restarts the level the first time it is used.</para>
/// </summary>
internal sealed class DocxNumbering
{
    const int Levels = 9;

    sealed record LevelDef(int Start, string Format, string Text);

    readonly Dictionary<int, LevelDef[]> _abstract = [];
    readonly Dictionary<int, (int AbstractId, Dictionary<int, int> StartOverrides)> _instances = [];
    readonly Dictionary<int, int?[]> _counters = [];  // abstractNumId -> last value shown per level (null = not since reset)
    readonly HashSet<int> _overridesApplied = [];

    public DocxNumbering(Numbering? numbering)
    {
        if (numbering is null) return;
        foreach (var a in numbering.Elements<AbstractNum>())
        {
            if (a.AbstractNumberId?.Value is not { } aid) continue;
            var defs = new LevelDef[Levels];
            for (int i = 0; i < Levels; i++) defs[i] = new LevelDef(1, "decimal", $"%{i + 1}.");
            foreach (var lvl in a.Elements<Level>())
            {
                int i = lvl.LevelIndex?.Value ?? -1;
                if (i is < 0 or >= Levels) continue;
                defs[i] = new LevelDef(lvl.StartNumberingValue?.Val?.Value ?? 1,
                    lvl.NumberingFormat?.Val?.InnerText ?? "decimal", lvl.LevelText?.Val?.Value ?? "");
            }
            _abstract.TryAdd(aid, defs);
        }
        foreach (var n in numbering.Elements<NumberingInstance>())
        {
            if (n.NumberID?.Value is not { } nid || n.AbstractNumId?.Val?.Value is not { } aid) continue;
            var overrides = new Dictionary<int, int>();
            foreach (var o in n.Elements<LevelOverride>())
                if (o.LevelIndex?.Value is { } li && o.StartOverrideNumberingValue?.Val?.Value is { } start) overrides[li] = start;
            _instances.TryAdd(nid, (aid, overrides));
        }
    }

    /// <summary>True when <paramref name="numId"/> names a defined list (numId 0 switches numbering off).</summary>
    public bool IsList(int numId) => numId != 0 && _instances.TryGetValue(numId, out var inst) && _abstract.ContainsKey(inst.AbstractId);

    /// <summary>Advances the counters for one numbered paragraph and returns its label ("" for bullets).</summary>
    public string Next(int numId, int level)
    {
        if (!_instances.TryGetValue(numId, out var inst) || !_abstract.TryGetValue(inst.AbstractId, out var defs)) return "";
        level = Math.Clamp(level, 0, Levels - 1);
        if (!_counters.TryGetValue(inst.AbstractId, out var counters)) _counters[inst.AbstractId] = counters = new int?[Levels];
        if (_overridesApplied.Add(numId))
            foreach (var (li, start) in inst.StartOverrides)
                if (li is >= 0 and < Levels) counters[li] = start - 1;

        counters[level] = counters[level] is { } last ? last + 1 : defs[level].Start;
        for (int deeper = level + 1; deeper < Levels; deeper++) counters[deeper] = null;

        var def = defs[level];
        if (def.Format is "bullet" or "none") return "";
        var label = def.Text;
        for (int i = 0; i <= level; i++)
            label = label.Replace($"%{i + 1}", Format(counters[i] ?? defs[i].Start, defs[i].Format));
        return label.Trim();
    }

    static string Format(int n, string format) => format switch
    {
        "lowerLetter" => Letters(n).ToLowerInvariant(),
        "upperLetter" => Letters(n),
        "lowerRoman" => Roman(n).ToLowerInvariant(),
        "upperRoman" => Roman(n),
        "decimalZero" => n.ToString("00"),
        _ => n.ToString(),
    };

    // Word repeats the letter past Z: 27 -> AA, 28 -> BB.
    static string Letters(int n) => n < 1 ? n.ToString() : new string((char)('A' + (n - 1) % 26), (n - 1) / 26 + 1);

    static readonly (int Value, string Numeral)[] RomanTable =
        [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];

    internal static string Roman(int n)
    {
        if (n is < 1 or > 3999) return n.ToString();
        var sb = new System.Text.StringBuilder();
        foreach (var (value, numeral) in RomanTable)
            while (n >= value) { sb.Append(numeral); n -= value; }
        return sb.ToString();
    }
}
