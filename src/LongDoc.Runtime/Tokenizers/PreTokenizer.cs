using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LongDoc.Runtime.Tokenizers;

/// <summary>Splits text into words before BPE.</summary>
public interface IPreTokenizer
{
    /// <summary>Appends the pieces of <paramref name="text"/> as (start, length) ranges, in order, covering it.</summary>
    void Split(ReadOnlySpan<char> text, List<(int Start, int Length)> pieces);
}

/// <summary>
/// Splits text into words before BPE: a sequence of regexes, each applied to every piece the previous one made
/// ("Isolated" in tokenizers: matches and the gaps between them both become pieces), as tokenizers' Sequence of
/// Split and llama.cpp's unicode_regex_split do.
/// </summary>
/// <remarks>
/// .NET regexes see UTF-16 code units, so a character outside the BMP (emoji, rare CJK, math letters) would be two
/// surrogates of category Cs instead of one code point of its real category. Text holding surrogates is therefore
/// matched through a proxy string where each such code point becomes one BMP stand-in of the same general
/// category (outside every literal range the patterns name), and the matches are mapped back.
/// </remarks>
public sealed class RegexPreTokenizer : IPreTokenizer
{
    readonly Regex[] _patterns;

    // compiled regexes are shared: compiling one costs tens of milliseconds, and every tokenizer of a family uses the same
    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Compiled = new();

    public RegexPreTokenizer(IEnumerable<string> patterns) =>
        _patterns = patterns.Select(p => Compiled.GetOrAdd(p, x => new Regex(x, RegexOptions.Compiled | RegexOptions.CultureInvariant))).ToArray();

    public IReadOnlyList<string> Patterns => _patterns.Select(r => r.ToString()).ToArray();

    public void Split(ReadOnlySpan<char> text, List<(int Start, int Length)> pieces)
    {
        if (text.IsEmpty) return;
        int first = pieces.Count;
        if (!HasSurrogate(text))
        {
            SplitAll(text, pieces, first);
            return;
        }
        var (proxy, offsets) = Proxy(text);
        SplitAll(proxy, pieces, first);
        for (int i = first; i < pieces.Count; i++)
        {
            var (s, n) = pieces[i];
            pieces[i] = (offsets[s], offsets[s + n] - offsets[s]);
        }
    }

    void SplitAll(ReadOnlySpan<char> text, List<(int Start, int Length)> pieces, int first)
    {
        pieces.Add((0, text.Length));
        foreach (var regex in _patterns)
        {
            int end = pieces.Count;
            // split each current piece in place: the results are appended, then the old ones removed
            for (int i = first; i < end; i++) SplitOne(regex, text, pieces[i].Start, pieces[i].Length, pieces);
            pieces.RemoveRange(first, end - first);
        }
    }

    static void SplitOne(Regex regex, ReadOnlySpan<char> text, int start, int length, List<(int, int)> pieces)
    {
        int at = 0;
        foreach (var m in regex.EnumerateMatches(text.Slice(start, length)))
        {
            if (m.Length == 0) continue;
            if (m.Index > at) pieces.Add((start + at, m.Index - at));
            pieces.Add((start + m.Index, m.Length));
            at = m.Index + m.Length;
        }
        if (at < length) pieces.Add((start + at, length - at));
    }

    static bool HasSurrogate(ReadOnlySpan<char> text) => text.IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    // proxy char i stands for text[offsets[i] .. offsets[i+1])
    static (string Proxy, int[] Offsets) Proxy(ReadOnlySpan<char> text)
    {
        var sb = new StringBuilder(text.Length);
        var offsets = new List<int>(text.Length + 1);
        for (int i = 0; i < text.Length;)
        {
            offsets.Add(i);
            if (Rune.DecodeFromUtf16(text[i..], out var rune, out int used) == System.Buffers.OperationStatus.Done && used == 2)
                sb.Append(StandIn[(int)Rune.GetUnicodeCategory(rune)]);
            else
                sb.Append(used == 1 && char.IsSurrogate(text[i]) ? StandIn[(int)UnicodeCategory.OtherNotAssigned] : text[i]);
            i += Math.Max(used, 1);
        }
        offsets.Add(text.Length);
        return (sb.ToString(), offsets.ToArray());
    }

    // One BMP character per UnicodeCategory (indexed by its value), none ASCII, none white space, none in the
    // literal ranges of the pattern table ([一-龥぀-ゟ゠-ヿ], [A-Za-z], ASCII punctuation).
    static readonly char[] StandIn =
    [
        'À', 'ß', 'ǅ', 'ʰ', 'ª',            // Lu Ll Lt Lm Lo
        '\u0300', '\u0903', '\u20DD',       // Mn Mc Me
        '٠', 'Ⅰ', '²',                      // Nd Nl No
        '\u00A0', '\u2028', '\u2029',       // Zs Zl Zp (no code point outside the BMP has these)
        '\u0085', '\u00AD', '\u0378', '\uE000', // Cc Cf Cs (unpaired: treated as unassigned) Co
        '‿', '‐', '⁅', '⁆', '«', '»', '¡',  // Pc Pd Ps Pe Pi Pf Po
        '¬', '¢', '¨', '©',                 // Sm Sc Sk So
        '\u0378',                           // Cn
    ];
}
