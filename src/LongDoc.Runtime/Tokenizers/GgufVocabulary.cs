using System.Text;

namespace LongDoc.Runtime.Tokenizers;

/// <summary>
/// Reads the tokenizer.ggml.* metadata llama.cpp's converter writes: tokens, token_type, merges (BPE) or scores
/// (SPM), special ids and flags. Values are .NET objects as <see cref="Weights.GgufValueType"/> describes.
/// </summary>
public sealed class GgufVocabulary
{
    public required string Source { get; init; }
    public required string Model { get; init; }
    public required string[] Tokens { get; init; }
    public required TokenKind[] Kinds { get; init; }
    public float[]? Scores { get; init; }
    public string[]? Merges { get; init; }
    public string? Pre { get; init; }
    public int? BosId { get; init; }
    public int? EosId { get; init; }
    public int? UnknownId { get; init; }
    public int? EotId { get; init; }
    public int? EomId { get; init; }
    public bool? AddBos { get; init; }
    public bool? AddSpacePrefix { get; init; }

    public static GgufVocabulary Read(IReadOnlyDictionary<string, object> metadata, string source)
    {
        var tokens = Get<string[]>(metadata, "tokenizer.ggml.tokens", source)
            ?? throw new InvalidDataException($"{source}: missing tokenizer.ggml.tokens");
        var types = GetIntArray(metadata, "tokenizer.ggml.token_type", source);
        if (types != null && types.Length != tokens.Length)
            throw new InvalidDataException($"{source}: tokenizer.ggml.token_type has {types.Length} entries for {tokens.Length} tokens");
        var scores = Get<float[]>(metadata, "tokenizer.ggml.scores", source);
        if (scores != null && scores.Length != tokens.Length)
            throw new InvalidDataException($"{source}: tokenizer.ggml.scores has {scores.Length} entries for {tokens.Length} tokens");
        return new GgufVocabulary
        {
            Source = source,
            Model = Get<string>(metadata, "tokenizer.ggml.model", source)
                ?? throw new InvalidDataException($"{source}: missing tokenizer.ggml.model"),
            Tokens = tokens,
            Kinds = types?.Select(t => (TokenKind)t).ToArray() ?? Enumerable.Repeat(TokenKind.Normal, tokens.Length).ToArray(),
            Scores = scores,
            Merges = Get<string[]>(metadata, "tokenizer.ggml.merges", source),
            Pre = Get<string>(metadata, "tokenizer.ggml.pre", source),
            BosId = GetId(metadata, "tokenizer.ggml.bos_token_id", source, tokens.Length),
            EosId = GetId(metadata, "tokenizer.ggml.eos_token_id", source, tokens.Length),
            UnknownId = GetId(metadata, "tokenizer.ggml.unknown_token_id", source, tokens.Length),
            EotId = GetId(metadata, "tokenizer.ggml.eot_token_id", source, tokens.Length),
            EomId = GetId(metadata, "tokenizer.ggml.eom_token_id", source, tokens.Length),
            AddBos = Get<bool?>(metadata, "tokenizer.ggml.add_bos_token", source),
            AddSpacePrefix = Get<bool?>(metadata, "tokenizer.ggml.add_space_prefix", source),
        };
    }

    /// <summary>The raw bytes of token <paramref name="id"/> in a byte-level vocabulary.</summary>
    public byte[] ByteLevelBytes(int id) =>
        Kinds[id] == TokenKind.Normal && ByteLevel.TryDecode(Tokens[id]) is { } raw ? raw : Encoding.UTF8.GetBytes(Tokens[id]);

    /// <summary>Text -> id over all tokens; a later duplicate wins, as in llama.cpp's token_to_id.</summary>
    public Dictionary<string, int> TextToId()
    {
        var map = new Dictionary<string, int>(Tokens.Length, StringComparer.Ordinal);
        for (int i = 0; i < Tokens.Length; i++) map[Tokens[i]] = i;
        return map;
    }

    /// <summary>Control and unknown tokens split only with special parsing; user-defined ones always.</summary>
    public List<(string Text, int Id, bool Always)> AddedTokens()
    {
        var added = new List<(string, int, bool)>();
        for (int i = 0; i < Tokens.Length; i++)
        {
            if (Kinds[i] is TokenKind.Control or TokenKind.Unknown) added.Add((Tokens[i], i, false));
            else if (Kinds[i] == TokenKind.UserDefined) added.Add((Tokens[i], i, true));
        }
        return added;
    }

    public IReadOnlySet<int> EndOfGeneration() =>
        EndOfGenerationTable.Collect([EosId, EotId, EomId],
            AddedTokens().Select(t => (t.Text, t.Id)));

    static T? Get<T>(IReadOnlyDictionary<string, object> metadata, string key, string source)
    {
        if (!metadata.TryGetValue(key, out var value)) return default;
        return value is T t ? t : throw new InvalidDataException($"{source}: {key} is a {value.GetType().Name}, expected {typeof(T).Name}");
    }

    static int[]? GetIntArray(IReadOnlyDictionary<string, object> metadata, string key, string source) =>
        !metadata.TryGetValue(key, out var value) ? null
        : value switch
        {
            int[] a => a,
            uint[] a => a.Select(x => (int)x).ToArray(),
            _ => throw new InvalidDataException($"{source}: {key} is a {value.GetType().Name}, expected an integer array"),
        };

    static int? GetId(IReadOnlyDictionary<string, object> metadata, string key, string source, int vocabSize)
    {
        if (!metadata.TryGetValue(key, out var value)) return null;
        long id = value switch
        {
            uint u => u, int i => i, ulong ul => (long)ul, long l => l, ushort us => us, short s => s,
            _ => throw new InvalidDataException($"{source}: {key} is a {value.GetType().Name}, expected an integer"),
        };
        if (id is -1 or uint.MaxValue) return null; // "none", as some converters write it
        if (id < 0 || id >= vocabSize) throw new InvalidDataException($"{source}: {key} = {id} is outside the vocabulary of {vocabSize}");
        return (int)id;
    }
}
