using System.Text.Json;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Tokenizers;

/// <summary>
/// Writes a tokenizer.json's vocabulary into GGUF metadata the way llama.cpp's convert_hf_to_gguf.py does
/// (get_vocab_base): tokens by id, added tokens typed control (special, or looks special like &lt;|..|&gt;) or
/// user-defined (with '▁' written as ' '), [PAD{i}] up to the embedding rows, merges as "a b". The file carries a
/// vocabulary-only qwen3 header, enough for llama.cpp's vocab-only load.
/// </summary>
static class GgufVocabularyWriter
{
    public sealed record Model(string Name, string Pre, int Rows, uint Bos, uint Eos, bool AddBos);

    public static readonly Model Qwen3 = new("qwen3", "qwen2", 151_936, 151_643, 151_645, false);
    public static readonly Model DeepSeekV3 = new("deepseek_v3", "deepseek-v3", 129_280, 0, 1, true);
    /// <summary>Qwen3's vocabulary under GLM's pre-tokenizer name (llama.cpp's CHATGLM4 pre-type: digits in threes).</summary>
    public static readonly Model Glm4 = new("qwen3", "glm4", 151_936, 151_643, 151_645, false);

    static readonly Lock Gate = new();

    /// <summary>The GGUF path (written once per test run).</summary>
    public static string Write(Model model)
    {
        lock (Gate)
        {
            string path = TokenizerTestData.TempFile($"{model.Name}-{model.Pre}-vocab.gguf");
            if (File.Exists(path)) return path;
            var writer = new GgufWriter();
            foreach (var (key, value) in Metadata(model)) writer.Add(key, value);
            string tmp = $"{path}.{Environment.ProcessId}.tmp";
            writer.Write(tmp);
            File.Move(tmp, path, overwrite: true);
            return path;
        }
    }

    public static Dictionary<string, object> Metadata(Model model)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TokenizerTestData.TokenizerJsonPath(model.Name)));
        var root = doc.RootElement;
        var tokens = new string?[model.Rows];
        var types = new int[model.Rows];
        foreach (var e in root.GetProperty("model").GetProperty("vocab").EnumerateObject())
        {
            tokens[e.Value.GetInt32()] = e.Name;
            types[e.Value.GetInt32()] = 1; // normal
        }
        foreach (var a in root.GetProperty("added_tokens").EnumerateArray())
        {
            int id = a.GetProperty("id").GetInt32();
            string text = a.GetProperty("content").GetString()!;
            bool control = a.GetProperty("special").GetBoolean() || LooksSpecial(text);
            tokens[id] = control ? text : text.Replace('▁', ' ');
            types[id] = control ? 3 : 4;
        }
        for (int i = 0; i < model.Rows; i++)
        {
            if (tokens[i] != null) continue;
            tokens[i] = $"[PAD{i}]";
            types[i] = 5; // unused
        }
        var merges = root.GetProperty("model").GetProperty("merges").EnumerateArray()
            .Select(m => m.ValueKind == JsonValueKind.Array ? $"{m[0].GetString()} {m[1].GetString()}" : m.GetString()!).ToArray();
        return new Dictionary<string, object>
        {
            ["general.architecture"] = "qwen3",
            ["general.name"] = $"{model.Name} vocabulary only",
            ["qwen3.context_length"] = 4096u,
            ["qwen3.embedding_length"] = 64u,
            ["qwen3.block_count"] = 1u,
            ["qwen3.feed_forward_length"] = 128u,
            ["qwen3.attention.head_count"] = 4u,
            ["qwen3.attention.head_count_kv"] = 4u,
            ["qwen3.attention.key_length"] = 16u,
            ["qwen3.attention.value_length"] = 16u,
            ["qwen3.rope.freq_base"] = 1_000_000f,
            ["qwen3.attention.layer_norm_rms_epsilon"] = 1e-6f,
            ["tokenizer.ggml.model"] = "gpt2",
            ["tokenizer.ggml.pre"] = model.Pre,
            ["tokenizer.ggml.tokens"] = tokens.Select(t => t!).ToArray(),
            ["tokenizer.ggml.token_type"] = types,
            ["tokenizer.ggml.merges"] = merges,
            ["tokenizer.ggml.bos_token_id"] = model.Bos,
            ["tokenizer.ggml.eos_token_id"] = model.Eos,
            ["tokenizer.ggml.add_bos_token"] = model.AddBos,
        };
    }

    // convert_hf_to_gguf.py's does_token_look_special
    static bool LooksSpecial(string t) =>
        t is "<pad>" or "<mask>" or "<cls>" or "<sep>" or "</s>"
        || (t.StartsWith("<|") && t.EndsWith("|>"))
        || (t.StartsWith("<｜") && t.EndsWith("｜>"))
        || (t.StartsWith("<unused") && t.EndsWith(">"));
}
