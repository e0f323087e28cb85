namespace LongDoc.Runtime.Tokenizers;

/// <summary>
/// Cuts text at added tokens before normal tokenization. At each position the longest added token that starts
/// there wins (leftmost-longest, as tokenizers' AddedVocabulary). Control and unknown tokens count only when
/// special parsing is on; user-defined tokens always (llama.cpp's tokenizer_st_partition does the same).
/// </summary>
public sealed class SpecialTokenSplitter
{
    readonly bool[] _firstChar = new bool[65536];
    // by first char: candidates longest first
    readonly Dictionary<char, (string Text, int Id, bool Always)[]> _byFirst;

    /// <param name="tokens">Added tokens: text, id, and whether they are split even without special parsing.</param>
    public SpecialTokenSplitter(IEnumerable<(string Text, int Id, bool Always)> tokens)
    {
        _byFirst = tokens.Where(t => t.Text.Length > 0)
            .GroupBy(t => t.Text[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Text.Length).ToArray());
        foreach (var c in _byFirst.Keys) _firstChar[c] = true;
    }

    /// <summary>Appends the fragments of <paramref name="text"/>: plain text stretches (Id -1) and added tokens.</summary>
    public void Split(string text, bool parseSpecial, List<Fragment> output)
    {
        int plainStart = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (!_firstChar[text[i]]) continue;
            foreach (var (t, id, always) in _byFirst[text[i]])
            {
                if (!(always || parseSpecial) || !text.AsSpan(i).StartsWith(t, StringComparison.Ordinal)) continue;
                if (i > plainStart) output.Add(new(plainStart, i - plainStart, -1));
                output.Add(new(i, t.Length, id));
                i += t.Length - 1;
                plainStart = i + 1;
                break;
            }
        }
        if (plainStart < text.Length) output.Add(new(plainStart, text.Length - plainStart, -1));
    }

    /// <summary>A piece of the input: text[Start..Start+Length), or the added token Id when Id >= 0.</summary>
    public readonly record struct Fragment(int Start, int Length, int Id)
    {
        public bool IsText => Id < 0;
    }
}
