using LongDoc.Tasks.Languages;

namespace LongDoc.Tasks.Passages;

/// <summary>
/// Cuts prose into sentences, by rules in the manner of Unicode's sentence boundaries (UAX #29) with a language's
/// abbreviations. A sentence ends at a line break, at 。！？ (Chinese, Japanese: no space needed after them), or at
/// . ! ? … followed by whitespace, closing quotes and brackets staying with the sentence they close; unless one of
/// <see cref="KeepTogether"/> holds: a lower-case word follows, the mark is inside brackets, or the word before a
/// full stop is an abbreviation of the language, a one-letter abbreviation or initial ("z. B.", "d. h.", "J."), a
/// German or Dutch ordinal ("am 3. Mai"), or the number that opens a list item ("1."), because names like "Dr. Ingrid
/// Solvang" and phrases like "d. h. Wegen" are exactly what is quoted. ICU's sentence rules (libicu 72, "de") cut
/// at "z. B.", "d. h." and "(2. Auflage)", so they are not used (see the README's "Languages").
/// Spans are offsets into the given text, whitespace around sentences excluded.
/// </summary>
public static class SentenceSplitter
{
    const string Terminators = ".!?…";
    const string WideTerminators = "。！？｡";
    const string Closers = "\"'”’»」』）)]}";

    /// <summary>Brackets longer than this are taken as unbalanced: sentences inside them end as anywhere.</summary>
    public const int MaximumBracket = 400;

    /// <summary>A possible sentence end: the mark at <see cref="Mark"/>, the sentence's last character before <see cref="End"/>, the next one's first at <see cref="Next"/>.</summary>
    readonly record struct Candidate(string Text, int Start, int Mark, int End, int Next, string WordBefore, bool InBrackets, Language Language)
    {
        public bool FullStop => Text[Mark] == '.';
        public char NextChar => Next < Text.Length ? Text[Next] : '\0';
    }

    /// <summary>Why a terminator followed by whitespace ends no sentence; any one that holds keeps the text together.</summary>
    static readonly (string Why, Func<Candidate, bool> Holds)[] KeepTogether =
    [
        ("a lower-case word or a , ; : follows", c => char.IsLower(c.NextChar) || ",;:".Contains(c.NextChar)),
        ("inside brackets", c => c.InBrackets),
        ("an abbreviation of the language", c => c.FullStop && Abbreviations.For(c.Language).Contains(c.WordBefore)),
        ("a one-letter abbreviation or initial", c => c.FullStop && c.WordBefore.Length == 1 && char.IsLetter(c.WordBefore[0])),
        ("an ordinal number", c => c.FullStop && c.Language.Ordinals && c.WordBefore.Length is 1 or 2 && c.WordBefore.All(char.IsAsciiDigit) && char.IsLetter(c.NextChar)),
        ("the number that opens a list item", c => c.FullStop && c.Mark == c.Start + c.WordBefore.Length && c.WordBefore.Length > 0 && c.WordBefore.All(char.IsAsciiDigit)),
    ];

    /// <summary>Sentences by English rules.</summary>
    public static IEnumerable<(int Start, int End)> Split(string text) => Split(text, Language.English);

    public static IEnumerable<(int Start, int End)> Split(string text, Language language)
    {
        var inBrackets = BracketMap(text);
        int start = Skip(text, 0), i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\n')
            {
                if (Trim(text, start, i) > start) yield return (start, Trim(text, start, i));
                start = i = Skip(text, i + 1);
                continue;
            }
            if (!Terminators.Contains(c) && !WideTerminators.Contains(c)) { i++; continue; }
            int end = i + 1;
            while (end < text.Length && (Terminators.Contains(text[end]) || WideTerminators.Contains(text[end]))) end++;
            end = AfterClosers(text, end);
            bool wide = text.AsSpan(i, end - i).ContainsAny(WideTerminators);
            if (wide || end == text.Length || char.IsWhiteSpace(text[end]))
            {
                int next = SkipSpaces(text, end);
                var candidate = new Candidate(text, start, i, end, next, WordBefore(text, start, i), inBrackets[Math.Min(end, text.Length - 1)], language);
                if (wide || next >= text.Length || text[next] == '\n' || !KeepTogether.Any(k => k.Holds(candidate)))
                {
                    yield return (start, end);
                    start = Skip(text, end);
                }
            }
            i = end;
        }
        int last = Trim(text, start, text.Length);
        if (last > start) yield return (start, last);
    }

    // Past the closing quotes and brackets after a terminator, and a French closing guillemet after a space ("fini. »").
    static int AfterClosers(string text, int end)
    {
        while (end < text.Length)
        {
            if (Closers.Contains(text[end])) end++;
            else if (end + 1 < text.Length && text[end] is ' ' or '\u00A0' or '\u202F' && text[end + 1] == '»') end += 2;
            else break;
        }
        return end;
    }

    // The word before a full stop: letters, digits and inner full stops ("e.g", "z.B", "3"), back to whitespace.
    static string WordBefore(string text, int start, int mark)
    {
        int from = mark;
        while (from > start && (char.IsLetterOrDigit(text[from - 1]) || text[from - 1] is '.' or '-' or '°' or 'º')) from--;
        return text[from..mark];
    }

    // For each position, whether it lies inside a pair of brackets that closes within MaximumBracket characters.
    static bool[] BracketMap(string text)
    {
        var inside = new bool[Math.Max(1, text.Length)];
        var open = new Stack<int>();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] is '(' or '[' or '（') open.Push(i);
            else if (text[i] is ')' or ']' or '）' && open.Count > 0)
            {
                int from = open.Pop();
                if (i - from <= MaximumBracket) Array.Fill(inside, true, from + 1, i - from - 1);
            }
            else if (text[i] == '\n') open.Clear();
        }
        return inside;
    }

    static int Skip(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i;
    }

    static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]) && text[i] != '\n') i++;
        return i;
    }

    static int Trim(string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        return end;
    }
}
