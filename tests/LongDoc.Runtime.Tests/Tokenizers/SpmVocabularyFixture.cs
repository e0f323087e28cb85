using System.Text.RegularExpressions;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Tokenizers;

/// <summary>
/// A small SentencePiece-style ("llama") GGUF vocabulary, generated deterministically: &lt;unk&gt; &lt;s&gt; &lt;/s&gt;,
/// the 256 byte tokens &lt;0x00&gt;..&lt;0xFF&gt;, two control tokens, then single characters and the most frequent
/// word pieces of the English and German in the mixed test text, scored by frequency so merges have an order.
/// </summary>
static class SpmVocabularyFixture
{
    public const int Unk = 0, Bos = 1, Eos = 2;

    public static Dictionary<string, object> Metadata()
    {
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        var types = new List<int> { 2, 3, 3 };
        var scores = new List<float> { 0, 0, 0 };
        for (int b = 0; b < 256; b++) Add($"<0x{b:X2}>", 6, 0);
        Add("<|im_start|>", 3, 0);
        Add("<|im_end|>", 3, 0);
        var seen = new HashSet<string>(tokens);
        void Add(string t, int type, float score) { tokens.Add(t); types.Add(type); scores.Add(score); }

        string latin = string.Concat(TokenizerTestData.MixedText.Where(c => c < 0x250 || c == '▁'));
        foreach (char c in latin.Replace(' ', '▁').Distinct().Order())
        {
            if (!char.IsControl(c) && seen.Add(c.ToString())) Add(c.ToString(), 1, -1000);
        }
        // pieces: substrings (2..8 chars) of "▁word", by count; a piece's score is its log count so frequent ones merge first
        var counts = new Dictionary<string, int>();
        foreach (Match m in Regex.Matches(latin, @"\p{L}+"))
        {
            string w = "▁" + m.Value;
            for (int i = 0; i < w.Length; i++)
                for (int n = 2; n <= 8 && i + n <= w.Length; n++)
                    counts[w.Substring(i, n)] = counts.GetValueOrDefault(w.Substring(i, n)) + 1;
        }
        foreach (var (piece, count) in counts.Where(kv => kv.Value >= 3).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(1500))
        {
            if (seen.Add(piece)) Add(piece, 1, MathF.Log(count) - piece.Length * 0.01f);
        }
        return new Dictionary<string, object>
        {
            ["general.architecture"] = "qwen3",
            ["qwen3.context_length"] = 4096u,
            ["qwen3.embedding_length"] = 64u,
            ["qwen3.block_count"] = 1u,
            ["qwen3.feed_forward_length"] = 128u,
            ["qwen3.attention.head_count"] = 4u,
            ["qwen3.attention.head_count_kv"] = 4u,
            ["qwen3.rope.freq_base"] = 10_000f,
            ["qwen3.attention.layer_norm_rms_epsilon"] = 1e-6f,
            ["tokenizer.ggml.model"] = "llama",
            ["tokenizer.ggml.tokens"] = tokens.ToArray(),
            ["tokenizer.ggml.scores"] = scores.ToArray(),
            ["tokenizer.ggml.token_type"] = types.ToArray(),
            ["tokenizer.ggml.bos_token_id"] = (uint)Bos,
            ["tokenizer.ggml.eos_token_id"] = (uint)Eos,
            ["tokenizer.ggml.unknown_token_id"] = (uint)Unk,
            ["tokenizer.ggml.add_bos_token"] = true,
        };
    }

    public static string Write()
    {
        string path = TokenizerTestData.TempFile("spm-vocab.gguf");
        string tmp = $"{path}.{Environment.ProcessId}.tmp";
        var writer = new GgufWriter();
        foreach (var (key, value) in Metadata()) writer.Add(key, value);
        writer.Write(tmp);
        File.Move(tmp, path, overwrite: true);
        return path;
    }
}
