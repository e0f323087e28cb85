namespace LongDoc.Runtime.Tokenizers;

/// <summary>
/// Token texts that end a turn in the families we run, besides the declared EOS (llama.cpp's llama-vocab.cpp marks
/// the same texts as end-of-generation when it loads a vocabulary).
/// </summary>
public static class EndOfGenerationTable
{
    public static readonly string[] Texts =
    [
        "<|im_end|>", "<|endoftext|>", "<|eot_id|>", "<|eom_id|>", "<|end_of_text|>",
        "<｜end▁of▁sentence｜>", "<|end|>", "</s>", "<end_of_turn>", "<|return|>", "<|call|>",
    ];

    /// <summary>The declared ids plus every listed text that is a special or added token of the vocabulary.</summary>
    public static IReadOnlySet<int> Collect(IEnumerable<int?> declared, IEnumerable<(string Text, int Id)> specialTokens)
    {
        var set = new HashSet<int>(declared.Where(id => id is not null).Select(id => id!.Value));
        foreach (var (text, id) in specialTokens)
        {
            if (Texts.Contains(text)) set.Add(id);
        }
        return set;
    }
}
