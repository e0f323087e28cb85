namespace LongDoc.Runtime.Tokenizers;

/// <summary>How one model family cuts text before byte-level BPE.</summary>
/// <param name="Patterns">Split regexes applied in sequence (tokenizers' Sequence of Split, behavior Isolated).</param>
/// <param name="Nfc">Whether the model's tokenizer.json normalizes to NFC first (llama.cpp never does).</param>
/// <param name="IgnoreMerges">A word that is itself a token is emitted whole, without merging (Llama 3).</param>
public sealed record PreTokenizerSpec(string[] Patterns, bool Nfc, bool IgnoreMerges);

/// <summary>
/// Pre-tokenizers keyed by GGUF tokenizer.ggml.pre, with the patterns of each model's tokenizer.json (llama.cpp's
/// llama-vocab.cpp carries the same ones, with (?i:...) spelled out as character classes).
/// </summary>
public static class PreTokenizerTable
{
    // GPT-4o / Qwen2 family: letters with one leading non-letter, digits one by one, punctuation runs.
    const string Qwen2 =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    // Llama 3 (tiktoken cl100k): as Qwen2 but digits in groups of up to three.
    const string Llama3 =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    // DeepSeek-V3: digit groups, then CJK/kana runs, then the word pattern — three passes.
    static readonly string[] DeepSeekV3 =
    [
        @"\p{N}{1,3}",
        "[\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff]+",
        @"[!""#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+",
    ];

    /// <summary>GPT-2's own pattern: tokenizers' ByteLevel pre-tokenizer with use_regex true.</summary>
    public const string Gpt2 = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    static readonly Dictionary<string, PreTokenizerSpec> ByGgufPre = new()
    {
        ["qwen2"] = new([Qwen2], Nfc: true, IgnoreMerges: false),
        ["deepseek-v3"] = new(DeepSeekV3, Nfc: false, IgnoreMerges: false),
        ["llama-bpe"] = new([Llama3], Nfc: false, IgnoreMerges: true),
        ["llama3"] = new([Llama3], Nfc: false, IgnoreMerges: true),
        ["gpt2"] = new([Gpt2], Nfc: false, IgnoreMerges: false),
        // GLM-4 / GLM-5 (glm4, glm-dsa): Llama 3's pattern, merges applied (llama.cpp's CHATGLM4 pre-type)
        ["glm4"] = new([Llama3], Nfc: false, IgnoreMerges: false),
        ["chatglm-bpe"] = new([Llama3], Nfc: false, IgnoreMerges: false),
    };

    public static IReadOnlyCollection<string> Names => ByGgufPre.Keys;

    // single patterns with a hand-written matcher (same pieces, several times faster than the regex)
    static readonly Dictionary<string, Func<IPreTokenizer>> FastSplitters = new()
    {
        [Qwen2] = () => new WordSplitter(maxDigits: 1),
        [Llama3] = () => new WordSplitter(maxDigits: 3),
    };

    static readonly (string[] Patterns, Func<IPreTokenizer> Create)[] FastSequences =
    [
        (DeepSeekV3, () => new DeepSeekSplitter()),
    ];

    /// <summary>The splitter for a pattern sequence: the hand-written one where there is one, else the regexes.</summary>
    public static IPreTokenizer Create(string[] patterns, bool preferFast = true)
    {
        if (!preferFast) return new RegexPreTokenizer(patterns);
        if (patterns.Length == 1 && FastSplitters.TryGetValue(patterns[0], out var fast)) return fast();
        foreach (var (sequence, create) in FastSequences)
        {
            if (sequence.SequenceEqual(patterns)) return create();
        }
        return new RegexPreTokenizer(patterns);
    }

    public static PreTokenizerSpec ForGguf(string pre, string source) =>
        ByGgufPre.TryGetValue(pre, out var spec) ? spec
        : throw new InvalidDataException(
            $"{source}: tokenizer.ggml.pre '{pre}' is not supported (known: {string.Join(", ", ByGgufPre.Keys)})");
}
