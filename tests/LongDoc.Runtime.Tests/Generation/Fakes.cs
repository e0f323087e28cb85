using System.Text;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Runtime.Tests.Generation;

/// <summary>
/// A language model whose next token is a function of the last token in the cache: logits are 0 except
/// 10 at that token. Records every Forward's length so tests can see what was (re)computed.
/// </summary>
sealed class FakeLanguageModel(int vocabSize, int contextSize, Func<int, int> next) : ILanguageModel
{
    readonly List<int> _cache = [];
    public List<int> ForwardLengths { get; } = [];

    public ModelConfig Config { get; } = new()
    {
        Architecture = "fake", ContextLength = contextSize, EmbeddingLength = 8, BlockCount = 1, HeadCount = 1,
        HeadCountKv = 1, KeyLength = 8, ValueLength = 8, VocabSize = vocabSize,
    };
    public int ContextSize => contextSize;
    public int Position => _cache.Count;
    public IReadOnlyList<int> Cache => _cache;

    public void Forward(ReadOnlySpan<int> tokens, Span<float> logits)
    {
        if (_cache.Count + tokens.Length > contextSize) throw new InvalidOperationException("fake model: context full");
        if (logits.Length != vocabSize) throw new ArgumentException("fake model: last-token logits only");
        _cache.AddRange(tokens);
        ForwardLengths.Add(tokens.Length);
        logits.Clear();
        logits[next(_cache[^1])] = 10f;
    }

    public void Truncate(int position) => _cache.RemoveRange(position, _cache.Count - position);
    public void Dispose() { }
}

/// <summary>A tokenizer over a fixed table of byte pieces (a piece may be half a UTF-8 character).</summary>
sealed class FakeTokenizer(byte[][] pieces, int eos) : ITokenizer
{
    public static FakeTokenizer FromStrings(int eos, params string[] pieces) => new([.. pieces.Select(Encoding.UTF8.GetBytes)], eos);

    public int VocabSize => pieces.Length;
    public int? BosId => null;
    public int? EosId => eos;
    public bool AddBos => false;
    public IReadOnlySet<int> EndOfGeneration { get; } = new HashSet<int> { eos };
    public int[] Encode(string text, bool addBos = false, bool parseSpecial = false) => throw new NotSupportedException("fake tokenizer: decode only");
    public int[] Encode(LongDoc.Runtime.Chat.RenderedPrompt prompt) => throw new NotSupportedException("fake tokenizer: decode only");
    public string Decode(ReadOnlySpan<int> ids)
    {
        var bytes = new List<byte>();
        foreach (var id in ids) bytes.AddRange(pieces[id]);
        return Encoding.UTF8.GetString([.. bytes]);
    }
    public byte[] TokenBytes(int id) => pieces[id];
}
