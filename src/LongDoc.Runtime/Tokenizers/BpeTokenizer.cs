using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace LongDoc.Runtime.Tokenizers;

/// <summary>Everything a byte-level BPE needs, gathered by <see cref="TokenizerFactory"/> from a GGUF or tokenizer.json.</summary>
/// <param name="TokenBytes">(V) raw bytes of each token (byte-level text decoded; added tokens as UTF-8).</param>
/// <param name="ByteToId">(256) the token of each single byte: where every word starts before merging.</param>
/// <param name="WholeWords">byte-level text -> id of normal tokens; used only when the pre-tokenizer ignores merges.</param>
/// <param name="AddedTokens">text, id, and whether it is split out even without special parsing.</param>
public sealed record BpeDefinition(
    string Source,
    byte[][] TokenBytes,
    int[] ByteToId,
    BpeMerges Merges,
    PreTokenizerSpec PreTokenizer,
    IReadOnlyDictionary<string, int> WholeWords,
    IReadOnlyList<(string Text, int Id, bool Always)> AddedTokens,
    int? BosId,
    int? EosId,
    bool AddBos,
    IReadOnlySet<int> EndOfGeneration);

/// <summary>
/// GPT-2 style byte-level BPE (Qwen2/Qwen3, DeepSeek-V3, Llama 3): added tokens split out, optional NFC, the
/// model's pre-tokenizer regexes, then each word's UTF-8 bytes merged by rank. Words are cached: natural text
/// repeats most of its words, so the merge loop runs only for the first occurrence.
/// </summary>
public sealed class BpeTokenizer : ITokenizer
{
    const int MaxCachedWordLength = 48;
    const int MaxCacheEntries = 200_000;

    readonly BpeDefinition _def;
    readonly IPreTokenizer _pre;
    readonly SpecialTokenSplitter _specials;
    readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheBySpan;
    int _cached; // entries added since the last clear (ConcurrentDictionary.Count takes every lock)

    public BpeTokenizer(BpeDefinition definition)
    {
        _def = definition;
        _pre = PreTokenizerTable.Create(definition.PreTokenizer.Patterns);
        _specials = new SpecialTokenSplitter(definition.AddedTokens);
        _cacheBySpan = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        if (definition.ByteToId.Length != 256 || definition.ByteToId.Any(id => id < 0))
            throw new InvalidDataException($"{definition.Source}: the vocabulary lacks a token for every single byte");
    }

    public int VocabSize => _def.TokenBytes.Length;
    public int? BosId => _def.BosId;
    public int? EosId => _def.EosId;
    public bool AddBos => _def.AddBos;
    public IReadOnlySet<int> EndOfGeneration => _def.EndOfGeneration;
    public IPreTokenizer PreTokenizer => _pre;

    public int[] Encode(string text, bool addBos = false, bool parseSpecial = false) => Encode(text, addBos, parseSpecial, null);

    public int[] Encode(Chat.RenderedPrompt prompt) => Encode(prompt.Text, addBos: false, parseSpecial: true, prompt.TouchesContent);

    int[] Encode(string text, bool addBos, bool parseSpecial, Func<int, int, bool>? textOnly)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        if (addBos && _def.BosId is int bos) ids.Add(bos);
        var fragments = new List<SpecialTokenSplitter.Fragment>();
        _specials.Split(text, parseSpecial, fragments, textOnly);
        var pieces = new List<(int Start, int Length)>();
        foreach (var f in fragments)
        {
            if (f.IsText) EncodeText(text.AsSpan(f.Start, f.Length), ids, pieces);
            else ids.Add(f.Id);
        }
        return ids.ToArray();
    }

    void EncodeText(ReadOnlySpan<char> text, List<int> ids, List<(int Start, int Length)> pieces)
    {
        if (_def.PreTokenizer.Nfc && !Nfc.IsKnownNormalized(text)) text = Nfc.Normalize(text.ToString());
        pieces.Clear();
        _pre.Split(text, pieces);
        foreach (var (start, length) in pieces) EncodeWord(text.Slice(start, length), ids);
    }

    void EncodeWord(ReadOnlySpan<char> word, List<int> ids)
    {
        if (_cacheBySpan.TryGetValue(word, out var cached))
        {
            ids.AddRange(cached);
            return;
        }
        int maxBytes = Encoding.UTF8.GetMaxByteCount(word.Length);
        byte[]? rented = maxBytes > 512 ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        Span<byte> bytes = rented ?? stackalloc byte[maxBytes];
        int byteCount = Encoding.UTF8.GetBytes(word, bytes);
        var symbols = new int[byteCount];
        int count = MergeBytes(bytes[..byteCount], symbols);
        if (rented != null) ArrayPool<byte>.Shared.Return(rented);
        var result = count == symbols.Length ? symbols : symbols[..count];
        if (word.Length <= MaxCachedWordLength)
        {
            if (Interlocked.Increment(ref _cached) > MaxCacheEntries)
            {
                _cache.Clear(); // natural text keeps re-adding its frequent words at once
                Interlocked.Exchange(ref _cached, 0);
            }
            _cacheBySpan.TryAdd(word, result);
        }
        ids.AddRange(result);
    }

    int MergeBytes(ReadOnlySpan<byte> bytes, int[] symbols)
    {
        if (_def.PreTokenizer.IgnoreMerges && _def.WholeWords.TryGetValue(ByteLevel.Encode(bytes), out int whole))
        {
            symbols[0] = whole;
            return 1;
        }
        for (int i = 0; i < bytes.Length; i++) symbols[i] = _def.ByteToId[bytes[i]];
        return _def.Merges.Apply(symbols);
    }

    /// <summary>Forgets the cached words (for measuring the merge path).</summary>
    internal void ClearCache() => _cache.Clear();

    public byte[] TokenBytes(int id) =>
        (uint)id < (uint)_def.TokenBytes.Length ? _def.TokenBytes[id]
        : throw new ArgumentOutOfRangeException(nameof(id), $"{_def.Source}: token id {id} outside the vocabulary of {VocabSize}");

    public string Decode(ReadOnlySpan<int> ids)
    {
        var bytes = new List<byte>(ids.Length * 4);
        foreach (int id in ids) bytes.AddRange(TokenBytes(id));
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
