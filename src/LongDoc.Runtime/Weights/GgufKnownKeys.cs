namespace LongDoc.Runtime.Weights;

/// <summary>
/// The value types of the general and tokenizer keys the runtime reads, checked when the file is opened so that a
/// wrong type (tokens stored as int[], say) is an error naming the key rather than a cast failure later.
/// Architecture keys ("qwen3moe.block_count") are checked by the typed getters when read.
/// </summary>
internal static class GgufKnownKeys
{
    static readonly Dictionary<string, Type> Types = new()
    {
        ["general.architecture"] = typeof(string),
        ["general.name"] = typeof(string),
        ["general.alignment"] = typeof(uint),
        ["tokenizer.ggml.model"] = typeof(string),
        ["tokenizer.ggml.pre"] = typeof(string),
        ["tokenizer.ggml.tokens"] = typeof(string[]),
        ["tokenizer.ggml.scores"] = typeof(float[]),
        ["tokenizer.ggml.token_type"] = typeof(int[]),
        ["tokenizer.ggml.merges"] = typeof(string[]),
        ["tokenizer.ggml.bos_token_id"] = typeof(uint),
        ["tokenizer.ggml.eos_token_id"] = typeof(uint),
        ["tokenizer.ggml.unknown_token_id"] = typeof(uint),
        ["tokenizer.ggml.padding_token_id"] = typeof(uint),
        ["tokenizer.ggml.add_bos_token"] = typeof(bool),
        ["tokenizer.ggml.add_eos_token"] = typeof(bool),
        ["tokenizer.chat_template"] = typeof(string),
    };

    // Arrays that describe one entry per token must be as long as the token list.
    static readonly string[] PerToken = ["tokenizer.ggml.scores", "tokenizer.ggml.token_type"];

    public static void Check(IReadOnlyDictionary<string, object> metadata, string file)
    {
        foreach (var (key, expected) in Types)
        {
            if (metadata.TryGetValue(key, out var value) && value.GetType() != expected)
                throw new WeightFormatException(file, key, $"has type {Describe(value.GetType())}, expected {Describe(expected)}");
        }
        if (metadata.TryGetValue("tokenizer.ggml.tokens", out var tokens))
        {
            int n = ((string[])tokens).Length;
            foreach (var key in PerToken)
            {
                if (metadata.TryGetValue(key, out var array) && ((Array)array).Length != n)
                    throw new WeightFormatException(file, key, $"has {((Array)array).Length} entries but tokenizer.ggml.tokens has {n}");
            }
        }
    }

    public static string Describe(Type t) =>
        t.IsArray ? $"array of {GgufValueTypes.Of(t.GetElementType()!)}" : GgufValueTypes.Of(t).ToString();
}
