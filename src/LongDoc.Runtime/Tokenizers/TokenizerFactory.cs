namespace LongDoc.Runtime.Tokenizers;

/// <summary>Builds the model's tokenizer from GGUF metadata or from a Hugging Face tokenizer.json.</summary>
public static class TokenizerFactory
{
    // tokenizer.ggml.model -> builder; the names are llama.cpp's
    static readonly Dictionary<string, Func<GgufVocabulary, ITokenizer>> ByGgufModel = new()
    {
        ["gpt2"] = v => new BpeTokenizer(FromGgufBpe(v)),
        ["llama"] = v => new SpmTokenizer(v),
    };

    /// <param name="metadata">GGUF key/values as .NET objects (tokenizer.ggml.* are read).</param>
    /// <param name="source">The file name, for error messages.</param>
    public static ITokenizer FromGgufMetadata(IReadOnlyDictionary<string, object> metadata, string source)
    {
        var vocab = GgufVocabulary.Read(metadata, source);
        return ByGgufModel.TryGetValue(vocab.Model, out var build) ? build(vocab)
            : throw new InvalidDataException(
                $"{source}: tokenizer.ggml.model '{vocab.Model}' is not supported (known: {string.Join(", ", ByGgufModel.Keys)})");
    }

    /// <summary>A byte-level BPE tokenizer.json; tokenizer_config.json (optional) gives BOS/EOS and add_bos_token.</summary>
    public static ITokenizer FromTokenizerJson(string tokenizerJsonPath, string? tokenizerConfigPath) =>
        new BpeTokenizer(TokenizerJson.Read(tokenizerJsonPath, tokenizerConfigPath));

    static BpeDefinition FromGgufBpe(GgufVocabulary v)
    {
        var spec = PreTokenizerTable.ForGguf(v.Pre ?? "gpt2", v.Source);
        var textToId = v.TextToId();
        var merges = new List<(int, int, int)>(v.Merges?.Length ?? 0);
        foreach (var m in v.Merges ?? throw new InvalidDataException($"{v.Source}: a gpt2 vocabulary needs tokenizer.ggml.merges"))
        {
            int space = m.IndexOf(' ', 1);
            if (space < 0) throw new InvalidDataException($"{v.Source}: tokenizer.ggml.merges entry '{m}' has no space");
            string left = m[..space], right = m[(space + 1)..];
            // a merge whose parts or result are not tokens cannot come from a converted vocabulary; it is left out
            if (textToId.TryGetValue(left, out int l) && textToId.TryGetValue(right, out int r) && textToId.TryGetValue(left + right, out int merged))
                merges.Add((l, r, merged));
        }
        var byteToId = new int[256];
        for (int b = 0; b < 256; b++) byteToId[b] = textToId.GetValueOrDefault(ByteLevel.Encode((byte)b).ToString(), -1);
        return new BpeDefinition(
            v.Source,
            Enumerable.Range(0, v.Tokens.Length).Select(v.ByteLevelBytes).ToArray(),
            byteToId, new BpeMerges(merges), spec, textToId, v.AddedTokens(),
            v.BosId, v.EosId, v.AddBos ?? false, v.EndOfGeneration());
    }
}
