using System.Globalization;
using System.Text;

namespace LongDoc.Runtime.Tokenizers;

/// <summary>
/// Unicode NFC (canonical decomposition, canonical ordering, canonical composition), as Qwen's tokenizer.json
/// asks for. Kept rather than string.Normalize (globalization is on, so that would use the host's ICU), measured
/// 2026-12-07 over every code point and 2 million random starter + mark strings (src/LongDoc.Runtime/README.md
/// "Tokenizers"): string.Normalize throws on a lone surrogate or U+FFFE, which extracted document text can hold (here
/// they pass through unchanged); its result follows the host's ICU version, so token ids, and the document
/// cache keyed by them, would change with the host (it differed from this table only on marks newer than Unicode 14);
/// and with DOTNET_SYSTEM_GLOBALIZATION_INVARIANT it silently does nothing. The cost: 2x (NFC input, after the
/// quick check) to 7x (decomposed input) slower than ICU, milliseconds per megabyte against seconds of model work.
/// Data: NfcData.txt (embedded), generated from the Unicode character database.
/// </summary>
public static class Nfc
{
    // Hangul syllables compose and decompose by arithmetic (Unicode §3.12)
    const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7, LCount = 19, VCount = 21, TCount = 28;
    const int NCount = VCount * TCount, SCount = LCount * NCount;

    sealed class Tables
    {
        public readonly Dictionary<int, int[]> Decompositions = [];
        public readonly Dictionary<int, byte> CombiningClass = [];
        public readonly Dictionary<long, int> Compositions = [];
        public readonly bool[] MaybeAffected = new bool[0x110000]; // never in NFC, combining, or second of a composing pair
    }

    static readonly Lazy<Tables> Data = new(Load);

    static Tables Load()
    {
        var t = new Tables();
        using var stream = typeof(Nfc).Assembly.GetManifestResourceStream("LongDoc.Runtime.Tokenizers.NfcData.txt")
            ?? throw new InvalidOperationException("embedded resource NfcData.txt is missing from LongDoc.Runtime");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var f = line.Split(' ');
            int cp = int.Parse(f[1], NumberStyles.HexNumber);
            switch (f[0])
            {
                case "D": t.Decompositions[cp] = f[2..].Select(x => int.Parse(x, NumberStyles.HexNumber)).ToArray(); break;
                case "C": t.CombiningClass[cp] = byte.Parse(f[2], CultureInfo.InvariantCulture); break;
                case "P":
                    int second = int.Parse(f[2], NumberStyles.HexNumber);
                    t.Compositions[Pair(cp, second)] = int.Parse(f[3], NumberStyles.HexNumber);
                    t.MaybeAffected[second] = true;
                    break;
                case "Q": t.MaybeAffected[cp] = true; break;
            }
            if (f[0] == "C") t.MaybeAffected[cp] = true;
        }
        for (int cp = LBase; cp < TBase + TCount; cp++) t.MaybeAffected[cp] = true; // jamo compose into syllables
        return t;
    }

    static long Pair(int a, int b) => ((long)a << 21) | (uint)b;

    /// <summary>A quick check: true when the text is surely NFC; false when it may not be (combining marks, jamo, ...).</summary>
    public static bool IsKnownNormalized(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAnyExceptInRange('\0', '\u02FF') < 0) return true; // nothing below U+0300 (de)composes
        var affected = Data.Value.MaybeAffected;
        foreach (var rune in text.EnumerateRunes())
        {
            if (affected[rune.Value]) return false;
        }
        return true;
    }

    public static string Normalize(string text) => IsKnownNormalized(text) ? text : Compose(Decompose(text));

    static List<int> Decompose(string text)
    {
        var t = Data.Value;
        var cps = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            int cp = rune.Value, s = cp - SBase;
            if (s is >= 0 and < SCount)
            {
                cps.Add(LBase + s / NCount);
                cps.Add(VBase + s % NCount / TCount);
                if (s % TCount != 0) cps.Add(TBase + s % TCount);
            }
            else if (t.Decompositions.TryGetValue(cp, out var d)) cps.AddRange(d);
            else cps.Add(cp);
        }
        // canonical ordering: a stable sort of each run of non-starters by combining class
        for (int i = 1; i < cps.Count; i++)
        {
            for (int j = i; j > 0 && Ccc(cps[j]) != 0 && Ccc(cps[j - 1]) > Ccc(cps[j]); j--) (cps[j - 1], cps[j]) = (cps[j], cps[j - 1]);
        }
        return cps;
    }

    static int Ccc(int cp) => Data.Value.CombiningClass.GetValueOrDefault(cp);

    static string Compose(List<int> cps)
    {
        var result = new List<int>(cps.Count);
        int starter = -1, lastCcc = 0;
        foreach (int cp in cps)
        {
            int ccc = Ccc(cp);
            // cp reaches the starter unless a character between them has class 0 or >= its own
            bool reachable = starter >= 0 && (result.Count - 1 == starter || (lastCcc != 0 && lastCcc < ccc));
            if (reachable && TryCompose(result[starter], cp, out int composed))
            {
                result[starter] = composed;
                continue;
            }
            if (ccc == 0) starter = result.Count;
            lastCcc = ccc;
            result.Add(cp);
        }
        var sb = new StringBuilder(result.Count);
        foreach (int cp in result) sb.Append(new Rune(cp).ToString());
        return sb.ToString();
    }

    static bool TryCompose(int a, int b, out int composed)
    {
        int l = a - LBase, v = b - VBase, s = a - SBase, tj = b - TBase;
        if (l is >= 0 and < LCount && v is >= 0 and < VCount) composed = SBase + (l * VCount + v) * TCount;
        else if (s is >= 0 and < SCount && s % TCount == 0 && tj is > 0 and < TCount) composed = a + tj;
        else return Data.Value.Compositions.TryGetValue(Pair(a, b), out composed);
        return true;
    }
}
