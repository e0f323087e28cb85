using System.Text;

namespace LongDoc.Runtime.Tokenizers;

/// <summary>
/// The SentencePiece-style "llama" vocabulary of a GGUF, tokenized as llama.cpp's llm_tokenizer_spm does: spaces
/// become '▁', a '▁' is put in front of the first fragment (and after each special token) when add_space_prefix,
/// then adjacent symbols (UTF-8 characters) are merged greedily by the score of the token they form, highest
/// score first and leftmost on ties; a final symbol that is no token is emitted as its bytes (&lt;0xNN&gt;).
/// </summary>
public sealed class SpmTokenizer : ITokenizer
{
    const char Space = '▁';

    readonly GgufVocabulary _vocab;
    readonly Dictionary<string, int> _textToId;
    readonly int[] _byteToId = new int[256];
    readonly byte[][] _bytes;
    readonly SpecialTokenSplitter _specials;
    readonly bool _addSpacePrefix;

    public SpmTokenizer(GgufVocabulary vocab)
    {
        _vocab = vocab;
        if (vocab.Scores == null) throw new InvalidDataException($"{vocab.Source}: an SPM vocabulary needs tokenizer.ggml.scores");
        _textToId = vocab.TextToId();
        _addSpacePrefix = vocab.AddSpacePrefix ?? true;
        for (int b = 0; b < 256; b++)
        {
            _byteToId[b] = _textToId.TryGetValue($"<0x{b:X2}>", out int id) ? id
                : _textToId.TryGetValue(((char)b).ToString(), out id) ? id
                : vocab.UnknownId ?? throw new InvalidDataException($"{vocab.Source}: no token <0x{b:X2}> and no unknown token");
        }
        _bytes = Enumerable.Range(0, vocab.Tokens.Length).Select(PieceBytes).ToArray();
        _specials = new SpecialTokenSplitter(vocab.AddedTokens());
        EndOfGeneration = vocab.EndOfGeneration();
    }

    public int VocabSize => _vocab.Tokens.Length;
    public int? BosId => _vocab.BosId;
    public int? EosId => _vocab.EosId;
    public bool AddBos => _vocab.AddBos ?? true;
    public IReadOnlySet<int> EndOfGeneration { get; }

    byte[] PieceBytes(int id)
    {
        string text = _vocab.Tokens[id];
        if (_vocab.Kinds[id] == TokenKind.Byte && text.Length == 6 && text.StartsWith("<0x"))
            return [Convert.ToByte(text.Substring(3, 2), 16)];
        return Encoding.UTF8.GetBytes(_vocab.Kinds[id] == TokenKind.Normal ? text.Replace(Space, ' ') : text);
    }

    public int[] Encode(string text, bool addBos = false, bool parseSpecial = false) => Encode(text, addBos, parseSpecial, null);

    public int[] Encode(Chat.RenderedPrompt prompt) => Encode(prompt.Text, addBos: false, parseSpecial: true, prompt.TouchesContent);

    int[] Encode(string text, bool addBos, bool parseSpecial, Func<int, int, bool>? textOnly)
    {
        var output = new List<int>();
        if (addBos && BosId is int bos) output.Add(bos);
        var fragments = new List<SpecialTokenSplitter.Fragment>();
        _specials.Split(text, parseSpecial, fragments, textOnly);
        bool prevSpecial = true; // the first fragment gets the space prefix
        foreach (var f in fragments)
        {
            if (!f.IsText)
            {
                output.Add(f.Id);
                prevSpecial = true;
                continue;
            }
            string piece = (_addSpacePrefix && prevSpecial ? " " : "") + text.Substring(f.Start, f.Length);
            EncodePiece(Encoding.UTF8.GetBytes(piece.Replace(' ', Space)), output);
            prevSpecial = false;
        }
        return output.ToArray();
    }

    // symbols are UTF-8 characters; each bigram carries the score of the token it would form
    void EncodePiece(byte[] utf8, List<int> output)
    {
        var start = new List<int>();
        var len = new List<int>();
        for (int i = 0; i < utf8.Length; i += len[^1])
        {
            start.Add(i);
            len.Add(Math.Min(utf8.Length - i, Utf8Length(utf8[i])));
        }
        int n = start.Count;
        var prev = Enumerable.Range(-1, n).ToArray();
        var next = Enumerable.Range(1, n).Select(i => i < n ? i : -1).ToArray();
        // max-heap by score, then leftmost: PriorityQueue is a min-heap, so negate the score
        var queue = new PriorityQueue<(int Left, int Size), (float, int)>();
        void TryAdd(int left, int right)
        {
            if (left < 0 || right < 0) return;
            int size = len[left] + len[right];
            if (_textToId.TryGetValue(Encoding.UTF8.GetString(utf8, start[left], size), out int id))
                queue.Enqueue((left, size), (-_vocab.Scores![id], left));
        }
        for (int i = 1; i < n; i++) TryAdd(i - 1, i);
        while (queue.TryDequeue(out var bigram, out _))
        {
            int left = bigram.Left, right = next[left];
            // stale: one side was merged away or grew since the bigram was queued
            if (len[left] == 0 || right < 0 || len[right] == 0 || len[left] + len[right] != bigram.Size) continue;
            len[left] += len[right];
            len[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) prev[next[right]] = left;
            TryAdd(prev[left], left);
            TryAdd(left, next[left]);
        }
        for (int i = 0; i >= 0 && n > 0; i = next[i])
        {
            if (_textToId.TryGetValue(Encoding.UTF8.GetString(utf8, start[i], len[i]), out int id)) output.Add(id);
            else for (int b = 0; b < len[i]; b++) output.Add(_byteToId[utf8[start[i] + b]]);
        }
    }

    static int Utf8Length(byte lead) => lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 1;

    public byte[] TokenBytes(int id) =>
        (uint)id < (uint)_bytes.Length ? _bytes[id]
        : throw new ArgumentOutOfRangeException(nameof(id), $"{_vocab.Source}: token id {id} outside the vocabulary of {VocabSize}");

    /// <summary>Decodes; the space the prefix added in front of the text is removed again (sentencepiece's decoder does).</summary>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var bytes = new List<byte>();
        foreach (int id in ids) bytes.AddRange(TokenBytes(id));
        string text = Encoding.UTF8.GetString(bytes.ToArray());
        return _addSpacePrefix && text.StartsWith(' ') ? text[1..] : text;
    }
}
