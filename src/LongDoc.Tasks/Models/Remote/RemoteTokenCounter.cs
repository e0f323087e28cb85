using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Tasks.Models.Remote;

/// <summary>
/// Token counts for a remote model, best source first: a local tokenizer when one is given (it also renders the
/// chat template of a GGUF file, so prompt counts are exact), else the engine's /tokenize (vLLM, SGLang and
/// llama-server), else <see cref="Estimate"/>. <see cref="Source"/> says which, for the run's log.
/// </summary>
public abstract class RemoteTokenCounter
{
    /// <summary>Tokens a message's role markup may take in a chat template, counted per message when the template is not known.</summary>
    public const int MessageOverhead = 16;

    /// <summary>Where the counts come from, in words.</summary>
    public abstract string Source { get; }

    public abstract int Count(string text);

    /// <summary>The conversation with the assistant's turn opened; without the template, contents plus <see cref="MessageOverhead"/> a message.</summary>
    public virtual int CountPrompt(IReadOnlyList<ChatMessage> messages) => messages.Sum(m => Count(m.Content) + MessageOverhead) + MessageOverhead;

    public static async Task<RemoteTokenCounter> CreateAsync(RemoteHttp http, string model, CancellationToken ct)
    {
        if (http.Options.TokenizerPath is { } path) return Local.Open(path);
        var engine = new Engine(http, model);
        return await engine.ProbeAsync(ct).ConfigureAwait(false) ? engine : new Estimate();
    }

    /// <summary>
    /// Stated conservative estimate: a token per 2 UTF-8 bytes. English text takes about 4 bytes a token in the
    /// vocabularies of current models, so plans stay inside the context with room to spare; a vocabulary of about one
    /// token per byte needs --tokenizer (Model:Tokenizer), or the engine refuses the request (400), never silently cut.
    /// </summary>
    public sealed class Estimate : RemoteTokenCounter
    {
        public const int BytesPerToken = 2;
        public override string Source => $"an estimate ({BytesPerToken} UTF-8 bytes a token; the engine has no /tokenize: give --tokenizer for exact counts)";
        public override int Count(string text) => (Encoding.UTF8.GetByteCount(text) + BytesPerToken - 1) / BytesPerToken;
    }

    /// <summary>A tokenizer.json or GGUF file on this machine; a GGUF file's chat template counts prompts exactly.</summary>
    public sealed class Local(ITokenizer tokenizer, ChatTemplate? template, string path) : RemoteTokenCounter
    {
        public override string Source => $"the local tokenizer {path}" + (template is null ? "" : $" (chat template {template.Family})");
        public override int Count(string text) => tokenizer.Encode(text, addBos: false, parseSpecial: false).Length;
        public override int CountPrompt(IReadOnlyList<ChatMessage> messages) =>
            template is null ? base.CountPrompt(messages) : tokenizer.Encode(template.RenderPrompt(messages, addGenerationPrompt: true)).Length;

        public static Local Open(string path)
        {
            if (Path.GetFileName(path).Equals("tokenizer.json", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
                return new Local(TokenizerFactory.FromTokenizerJson(path, null), null, path);
            using var files = ModelFiles.Open(path);
            ChatTemplate? template;
            try { template = ModelTokenizers.ChatTemplate(files, null); }
            catch (ChatTemplateException) { template = null; }
            return new Local(ModelTokenizers.Tokenizer(files), template, path);
        }
    }

    /// <summary>
    /// The engine's POST /tokenize at its root. One body serves both shapes: vLLM and SGLang read "model" and
    /// "prompt" and answer {"count", "tokens"}; llama-server reads "content" and answers {"tokens"}. Counts of the
    /// same text are asked once.
    /// </summary>
    public sealed class Engine(RemoteHttp http, string model) : RemoteTokenCounter
    {
        readonly ConcurrentDictionary<string, int> counts = new();
        Uri Route => new(http.Endpoint.Root, "tokenize");

        public override string Source => $"the engine's /tokenize ({Route.AbsolutePath})";

        /// <summary>Whether the route exists and answers in a known shape (a one-word probe).</summary>
        public async Task<bool> ProbeAsync(CancellationToken ct) => await AskAsync("probe", ct).ConfigureAwait(false) is > 0;

        public override int Count(string text)
        {
            if (text.Length == 0) return 0;
            if (counts.TryGetValue(text, out int n)) return n;
            n = AskAsync(text, CancellationToken.None).GetAwaiter().GetResult()
                ?? throw http.Fail($"POST {Route.AbsolutePath}: the route no longer answers in a known shape");
            if (counts.Count < 100_000) counts[text] = n;
            return n;
        }

        async Task<int?> AskAsync(string text, CancellationToken ct)
        {
            var body = new Dictionary<string, object> { ["model"] = model, ["prompt"] = text, ["content"] = text, ["add_special_tokens"] = false };
            using var doc = await http.PostJsonAsync(Route, body, $"POST {Route.AbsolutePath}", ct).ConfigureAwait(false);
            if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            if (doc.RootElement.TryGetProperty("count", out var c) && c.ValueKind == JsonValueKind.Number) return c.GetInt32();
            return doc.RootElement.TryGetProperty("tokens", out var t) && t.ValueKind == JsonValueKind.Array ? t.GetArrayLength() : null;
        }
    }
}
