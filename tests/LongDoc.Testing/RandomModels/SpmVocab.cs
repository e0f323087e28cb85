namespace LongDoc.Testing.RandomModels;

/// <summary>
/// The minimal SentencePiece ("llama") vocabulary llama.cpp accepts (README "How correctness is checked"): &lt;unk&gt; &lt;s&gt; &lt;/s&gt;,
/// the 256 byte tokens &lt;0x00&gt;..&lt;0xFF&gt;, then filler pieces ("▁", "a", "▁a", "b", ...) up to the vocab size.
/// </summary>
public static class SpmVocab
{
    public const int MinSize = 3 + 256;
    public const uint Unk = 0, Bos = 1, Eos = 2;

    // llama.cpp token types: 1 normal, 2 unknown, 3 control, 6 byte.
    const int Normal = 1, Unknown = 2, Control = 3, Byte = 6;

    public static (string[] Tokens, float[] Scores, int[] Types) Build(int size)
    {
        if (size < MinSize) throw new ArgumentException($"vocab {size} < {MinSize}");
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        var types = new List<int> { Unknown, Control, Control };
        for (int b = 0; b < 256; b++) { tokens.Add($"<0x{b:X2}>"); types.Add(Byte); }
        foreach (var piece in Filler().Take(size - MinSize)) { tokens.Add(piece); types.Add(Normal); }
        // SPM merges prefer higher scores: earlier (shorter) filler pieces win, specials and bytes score 0.
        var scores = tokens.Select((_, i) => i < MinSize ? 0f : -(i - MinSize)).ToArray();
        return (tokens.ToArray(), scores, types.ToArray());
    }

    static IEnumerable<string> Filler()
    {
        yield return "▁";
        const string Letters = "abcdefghijklmnopqrstuvwxyz";
        IEnumerable<string> words = Letters.Select(c => c.ToString());
        for (int length = 1; ; length++)
        {
            var list = words.ToList();
            foreach (var w in list) { yield return w; yield return "▁" + w; }
            words = list.SelectMany(w => Letters.Select(c => w + c));
        }
    }
}
