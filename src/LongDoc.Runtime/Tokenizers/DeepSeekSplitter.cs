using System.Globalization;
using System.Text;

namespace LongDoc.Runtime.Tokenizers;

/// <summary>
/// A hand-written matcher for DeepSeek-V3's three pre-tokenizer passes, on code points:
/// 1. <c>\p{N}{1,3}</c>, 2. <c>[一-龥぀-ゟ゠-ヿ]+</c>, 3. <c>[!"#$%&amp;'()*+,\-./:;&lt;=&gt;?@\[\\\]^_`{|}~][A-Za-z]+|
/// [^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>, each on the pieces of the one
/// before, matches and gaps both kept. The regexes (<see cref="RegexPreTokenizer"/>) stay the reference; tests
/// compare the two.
/// </summary>
public sealed class DeepSeekSplitter : IPreTokenizer
{
    enum Kind : byte { Letter, Mark, Punct, Symbol, Number, Newline, Space, Other }

    static readonly Kind[] Ascii = Enumerable.Range(0, 128).Select(c => KindOf(new Rune(c))).ToArray();

    static Kind KindOf(Rune r)
    {
        if (r.Value is '\r' or '\n') return Kind.Newline;
        if (Rune.IsWhiteSpace(r)) return Kind.Space;
        return Rune.GetUnicodeCategory(r) switch
        {
            >= UnicodeCategory.UppercaseLetter and <= UnicodeCategory.OtherLetter => Kind.Letter,
            >= UnicodeCategory.NonSpacingMark and <= UnicodeCategory.EnclosingMark => Kind.Mark,
            >= UnicodeCategory.DecimalDigitNumber and <= UnicodeCategory.OtherNumber => Kind.Number,
            >= UnicodeCategory.ConnectorPunctuation and <= UnicodeCategory.OtherPunctuation => Kind.Punct,
            >= UnicodeCategory.MathSymbol and <= UnicodeCategory.OtherSymbol => Kind.Symbol,
            _ => Kind.Other,
        };
    }

    static Kind At(ReadOnlySpan<char> s, int i, out int len)
    {
        len = 1;
        if (i >= s.Length) { len = 0; return Kind.Other; }
        char c = s[i];
        if (c < 128) return Ascii[c];
        if (Rune.DecodeFromUtf16(s[i..], out var rune, out len) != System.Buffers.OperationStatus.Done) { len = 1; return Kind.Other; }
        return KindOf(rune);
    }

    static bool IsCjk(char c) => c is >= '\u4E00' and <= '\u9FA5' or >= '\u3040' and <= '\u30FF';
    static bool IsAsciiPunct(char c) => c < 128 && Ascii[c] is Kind.Punct or Kind.Symbol;
    static bool IsAsciiLetter(char c) => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z';

    public void Split(ReadOnlySpan<char> s, List<(int Start, int Length)> pieces)
    {
        for (int pos = 0; pos < s.Length;)
        {
            int end = pos;
            if (At(s, pos, out _) == Kind.Number)
            {
                // pass 1: up to three digits; pass 3 matches nothing in digits, so the group is one piece
                for (int n = 0; n < 3 && At(s, end, out int l) == Kind.Number; n++) end += l;
                pieces.Add((pos, end - pos));
            }
            else
            {
                // pass 2: a run of CJK/kana, or a run of anything else up to the next digit or CJK character
                bool cjk = IsCjk(s[pos]);
                while (end < s.Length && IsCjk(s[end]) == cjk && At(s, end, out int l) != Kind.Number) end += l;
                Words(s[pos..end], pos, pieces);
            }
            pos = end;
        }
    }

    // pass 3 over one piece: matches, and the gaps where no alternative matches
    static void Words(ReadOnlySpan<char> s, int offset, List<(int, int)> pieces)
    {
        int gap = -1;
        for (int pos = 0; pos < s.Length;)
        {
            int end = Match(s, pos);
            if (end < 0)
            {
                if (gap < 0) gap = pos;
                At(s, pos, out int l);
                pos += l;
                continue;
            }
            if (gap >= 0) { pieces.Add((offset + gap, pos - gap)); gap = -1; }
            pieces.Add((offset + pos, end - pos));
            pos = end;
        }
        if (gap >= 0) pieces.Add((offset + gap, s.Length - gap));
    }

    // end of the match at pos, or -1
    static int Match(ReadOnlySpan<char> s, int pos)
    {
        Kind k = At(s, pos, out int len);
        // [!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+
        if (IsAsciiPunct(s[pos]) && pos + 1 < s.Length && IsAsciiLetter(s[pos + 1]))
        {
            int e = pos + 1;
            while (e < s.Length && IsAsciiLetter(s[e])) e++;
            return e;
        }
        // [^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+
        if (k is Kind.Letter or Kind.Mark) return LetterRun(s, pos);
        if (k is not (Kind.Newline or Kind.Punct or Kind.Symbol) && At(s, pos + len, out _) is Kind.Letter or Kind.Mark) return LetterRun(s, pos + len);
        // ' ?[\p{P}\p{S}]+[\r\n]*'
        int p = s[pos] == ' ' && At(s, pos + 1, out _) is Kind.Punct or Kind.Symbol ? pos + 1 : pos;
        if (At(s, p, out _) is Kind.Punct or Kind.Symbol)
        {
            int e = p;
            while (e < s.Length && At(s, e, out int l) is Kind.Punct or Kind.Symbol) e += l;
            while (e < s.Length && s[e] is '\r' or '\n') e++;
            return e;
        }
        if (k is not (Kind.Space or Kind.Newline)) return -1;
        int wsEnd = pos, lastNewline = -1;
        while (wsEnd < s.Length && At(s, wsEnd, out int l) is Kind.Space or Kind.Newline)
        {
            if (s[wsEnd] is '\r' or '\n') lastNewline = wsEnd;
            wsEnd += l;
        }
        if (lastNewline >= 0) return lastNewline + 1;          // \s*[\r\n]+
        if (wsEnd == s.Length || wsEnd - 1 == pos) return wsEnd; // \s+(?!\S) at the end, or \s+ of one character
        return wsEnd - 1;                                        // \s+(?!\S): all but the last
    }

    static int LetterRun(ReadOnlySpan<char> s, int pos)
    {
        int e = pos;
        while (e < s.Length && At(s, e, out int l) is Kind.Letter or Kind.Mark) e += l;
        return e;
    }
}
