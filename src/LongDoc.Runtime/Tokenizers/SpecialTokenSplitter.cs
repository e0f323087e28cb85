namespace LongDoc.Runtime.Tokenizers;

/// <summary>
/// Cuts text at added tokens before normal tokenization. At each position the longest added token that starts
/// there wins (leftmost-longest, as tokenizers' AddedVocabulary). Control and unknown tokens count only when
/// special parsing is on; user-defined tokens always (llama.cpp's tokenizer_st_partition does the same).
/// </summary>
public sealed class SpecialTokenSplitter
{
    readonly bool[] _firstChar = new bool[65536];
    // by first two chars (one-char tokens by their char alone): candidates longest first. Two chars, because
    // DeepSeek-V3's 815 added tokens all start with '<', and source code is full of '<'.
    readonly Dictionary<long, (string Text, int Id, bool Always)[]> _byStart;

    /// <param name="tokens">Added tokens: text, id, and whether they are split even without special parsing.</param>
    public SpecialTokenSplitter(IEnumerable<(string Text, int Id, bool Always)> tokens)
    {
        var list = tokens.Where(t => t.Text.Length > 0).ToList();
        _byStart = list.GroupBy(t => Start(t.Text.AsSpan(0, Math.Min(2, t.Text.Length))))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Text.Length).ToArray());
        foreach (var t in list) _firstChar[t.Text[0]] = true;
    }

    /// <summary>
    /// Appends the fragments of <paramref name="text"/>: plain text stretches (Id -1) and added tokens.
    /// <paramref name="textOnly"/>(start, length): that stretch must stay text (a chat message's own text), so no added
    /// token is cut there, control or user-defined: DeepSeek-V3's turn markers (&lt;｜User｜&gt;) are user-defined tokens.
    /// </summary>
    public void Split(string text, bool parseSpecial, List<Fragment> output, Func<int, int, bool>? textOnly = null)
    {
        int plainStart = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (!_firstChar[text[i]]) continue;
            var candidates = i + 1 < text.Length && _byStart.TryGetValue(Start(text.AsSpan(i, 2)), out var two) ? two : [];
            var single = _byStart.TryGetValue(Start(text.AsSpan(i, 1)), out var one) ? one : [];
            foreach (var (t, id, always) in candidates.Concat(single))
            {
                if (!(always || parseSpecial) || !text.AsSpan(i).StartsWith(t, StringComparison.Ordinal)) continue;
                if (textOnly is not null && textOnly(i, t.Length)) continue;
                if (i > plainStart) output.Add(new(plainStart, i - plainStart, -1));
                output.Add(new(i, t.Length, id));
                i += t.Length - 1;
                plainStart = i + 1;
                break;
            }
        }
        if (plainStart < text.Length) output.Add(new(plainStart, text.Length - plainStart, -1));
    }

    static long Start(ReadOnlySpan<char> text) => text.Length == 1 ? text[0] : 0x10000L + ((long)text[0] << 16 | text[1]);

    /// <summary>A piece of the input: text[Start..Start+Length), or the added token Id when Id >= 0.</summary>
    public readonly record struct Fragment(int Start, int Length, int Id)
    {
        public bool IsText => Id < 0;
    }
}
