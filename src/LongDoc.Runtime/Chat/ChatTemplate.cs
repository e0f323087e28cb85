using System.Text.Json;

namespace LongDoc.Runtime.Chat;

/// <summary>
/// A model's prompt format. We do not run Jinja: the template text only tells which family the model uses (by
/// marker strings, in <see cref="Markers"/>) and which of the family's options it has; rendering is our own code,
/// written to give exactly what the model's template gives for system, user and assistant turns.
/// A rendered prompt carries the BOS the template writes; tokenize it with <see cref="Tokenizers.ITokenizer.Encode(RenderedPrompt)"/>,
/// which parses special tokens in the template's markup only, never in the messages' text.
/// </summary>
public abstract class ChatTemplate
{
    public const string FlagHelp = "--chat-template chatml|deepseek|llama3|mistral";

    public abstract ChatTemplateFamily Family { get; }

    /// <summary>Writes the prompt; <paramref name="addGenerationPrompt"/> opens the assistant's turn at the end.</summary>
    protected abstract void Write(PromptWriter prompt, IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt);

    /// <summary>The prompt, with the spans that are the messages' text (tokenised as text only).</summary>
    public RenderedPrompt RenderPrompt(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var prompt = new PromptWriter();
        Write(prompt, messages, addGenerationPrompt);
        return prompt.ToPrompt();
    }

    /// <summary>The prompt text alone (for display and length estimates; tokenise <see cref="RenderPrompt"/> instead).</summary>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) => RenderPrompt(messages, addGenerationPrompt).Text;

    // First row whose markers all occur wins: specific formats before the loose DeepSeek-V2 words.
    static readonly (string[] Markers, ChatTemplateFamily Family)[] Markers =
    [
        (["<|im_start|>"], ChatTemplateFamily.ChatMl),
        (["<｜Assistant｜>"], ChatTemplateFamily.DeepSeek),
        (["<｜User｜>"], ChatTemplateFamily.DeepSeek),
        (["<|start_header_id|>"], ChatTemplateFamily.Llama3),
        (["[INST]"], ChatTemplateFamily.Mistral),
        (["User: ", "Assistant:"], ChatTemplateFamily.DeepSeekV2),
    ];

    // --chat-template names
    static readonly Dictionary<string, ChatTemplateFamily> FlagNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["chatml"] = ChatTemplateFamily.ChatMl,
        ["deepseek"] = ChatTemplateFamily.DeepSeek,
        ["deepseek2"] = ChatTemplateFamily.DeepSeekV2,
        ["llama3"] = ChatTemplateFamily.Llama3,
        ["mistral"] = ChatTemplateFamily.Mistral,
    };

    /// <summary>Recognises the family of a Jinja template text (GGUF tokenizer.chat_template or tokenizer_config.json).</summary>
    public static ChatTemplate Detect(string templateText, string source = "the model")
    {
        foreach (var (markers, family) in Markers)
        {
            if (markers.All(m => templateText.Contains(m, StringComparison.Ordinal))) return Create(family, templateText);
        }
        string head = templateText.Length > 80 ? templateText[..80] + "..." : templateText;
        throw new ChatTemplateException(
            $"{source}: chat template not recognised (starts \"{head.ReplaceLineEndings(" ")}\"); pick a family with {FlagHelp}");
    }

    /// <summary>A family picked by hand: the value of --chat-template.</summary>
    public static ChatTemplate FromFlag(string name) =>
        FlagNames.TryGetValue(name, out var family) ? Create(family, null)
        : throw new ChatTemplateException($"unknown chat template '{name}'; use {FlagHelp} (or deepseek2 for DeepSeek-V2's \"User:/Assistant:\")");

    /// <summary>The flag if given, else the template text; neither is an error that names the flag.</summary>
    public static ChatTemplate Resolve(string? templateText, string? flag, string source) =>
        flag != null ? FromFlag(flag)
        : templateText != null ? Detect(templateText, source)
        : throw new ChatTemplateException($"{source}: has no chat template; pick a family with {FlagHelp}");

    /// <summary>GGUF key tokenizer.chat_template, or null.</summary>
    public static string? TextFromGgufMetadata(IReadOnlyDictionary<string, object> metadata) =>
        metadata.TryGetValue("tokenizer.chat_template", out var v) && v is string s ? s : null;

    /// <summary>tokenizer_config.json "chat_template": a string, or a list of {name, template} (the "default" one).</summary>
    public static string? TextFromTokenizerConfig(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        if (!doc.RootElement.TryGetProperty("chat_template", out var t)) return null;
        if (t.ValueKind == JsonValueKind.String) return t.GetString();
        if (t.ValueKind == JsonValueKind.Array)
            foreach (var named in t.EnumerateArray())
                if (named.GetProperty("name").GetString() == "default") return named.GetProperty("template").GetString();
        throw new ChatTemplateException($"{path}: chat_template is neither a string nor a list with a \"default\" entry");
    }

    // family -> renderer; the template text (null when picked by flag) switches the family's options on
    static readonly Dictionary<ChatTemplateFamily, Func<string?, ChatTemplate>> Renderers = new()
    {
        [ChatTemplateFamily.ChatMl] = _ => new ChatMlTemplate(),
        [ChatTemplateFamily.DeepSeek] = text => new DeepSeekTemplate(
            stripThinking: Has(text, "</think>"), thinkOnGenerate: Has(text, "<｜Assistant｜><think>")),
        [ChatTemplateFamily.DeepSeekV2] = _ => new DeepSeekV2Template(),
        [ChatTemplateFamily.Llama3] = text => new Llama3Template(dateHeader: Has(text, "Cutting Knowledge Date")),
        [ChatTemplateFamily.Mistral] = _ => new MistralTemplate(),
    };

    static bool Has(string? text, string marker) => text?.Contains(marker, StringComparison.Ordinal) ?? false;

    static ChatTemplate Create(ChatTemplateFamily family, string? text) => Renderers[family](text);

    protected static void RequireRoles(IReadOnlyList<ChatMessage> messages, string family)
    {
        foreach (var m in messages)
        {
            if (m.Role is not ("system" or "user" or "assistant"))
                throw new ChatTemplateException($"{family} template: role '{m.Role}' is not supported (system, user, assistant)");
        }
    }
}
