using System.Text.Json;
using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Generation;

namespace LongDoc.Service.Http;

/// <summary>
/// The body of POST /v1/chat/completions as OpenAI's clients send it. A message's content is a string or a list of
/// parts, whose text parts are joined by newlines (as vLLM does); the server is text-only, so another part is refused.
/// Fields that ask for nothing LongDoc would do differently (user, presence_penalty, tool_choice, n = 1, ...) are
/// ignored; one that asks for what it cannot do (n > 1, logprobs, JSON output, tools) is a 400 naming it.
/// </summary>
public sealed record ChatRequest(string? Model, List<ChatRequest.Message?>? Messages, bool? Stream, ChatRequest.StreamOptions? Stream_options,
    int? Max_tokens, int? Max_completion_tokens, float? Temperature, float? Top_p, int? Seed, JsonElement Stop,
    int? N, bool? Logprobs, ChatRequest.Format? Response_format, JsonElement Tools)
{
    public sealed record Message(string? Role, JsonElement Content);
    public sealed record StreamOptions(bool? Include_usage);
    public sealed record Format(string? Type);

    /// <summary>The request as LongDoc runs it.</summary>
    public sealed record Call(IReadOnlyList<ChatMessage> Messages, SamplingOptions Sampling, bool Stream, bool IncludeUsage);

    /// <summary>OpenAI's roles and the template's: a developer message is the system message of newer models.</summary>
    static readonly Dictionary<string, string> Roles = new()
    {
        ["system"] = "system", ["developer"] = "system", ["user"] = "user", ["assistant"] = "assistant",
    };

    static readonly (string Param, Func<ChatRequest, bool> Asks, string Why)[] Unsupported =
    [
        ("n", r => r.N is not (null or 1), "n must be 1: one choice per request"),
        ("logprobs", r => r.Logprobs is true, "logprobs are not returned by this server"),
        ("response_format", r => r.Response_format?.Type is not (null or "text"), "response_format: only 'text' is supported"),
        ("tools", r => r.Tools.ValueKind == JsonValueKind.Array && r.Tools.GetArrayLength() > 0, "tools are not supported: this server calls no tools"),
    ];

    /// <summary>Throws <see cref="ApiException"/> (400) naming the field at fault.</summary>
    public Call Read(int defaultMaxTokens)
    {
        if (Messages is not { Count: > 0 }) throw ApiException.BadRequest("\"messages\" must be a non-empty list of {role, content}", "messages");
        foreach (var (param, asks, why) in Unsupported)
            if (asks(this)) throw ApiException.BadRequest(why, param);
        var sampling = new SamplingOptions
        {
            MaxTokens = Max_completion_tokens ?? Max_tokens ?? defaultMaxTokens,
            Temperature = Temperature ?? 0.8f, TopP = Top_p ?? 0.95f, Seed = Seed, StopStrings = Strings(Stop, "stop"),
        };
        try { sampling.Validate(); }
        catch (ArgumentException e) { throw ApiException.BadRequest(e.Message); }
        return new Call([.. Messages.Select(ToChat)], sampling, Stream ?? false, Stream_options?.Include_usage ?? false);
    }

    static ChatMessage ToChat(Message? m, int i)
    {
        if (m is null) throw ApiException.BadRequest($"messages[{i}] must be an object {{role, content}}", $"messages[{i}]");
        if (m.Role is null || !Roles.TryGetValue(m.Role, out var role))
            throw ApiException.BadRequest($"messages[{i}].role '{m.Role}' is not supported ({string.Join(", ", Roles.Keys)}; this server calls no tools)", $"messages[{i}].role");
        return new ChatMessage(role, m.Content.ValueKind switch
        {
            JsonValueKind.String => m.Content.GetString()!,
            JsonValueKind.Array => string.Join('\n', m.Content.EnumerateArray().Select((p, j) => Text(p, $"messages[{i}].content[{j}]"))),
            _ => throw ApiException.BadRequest($"messages[{i}].content must be a string or a list of text parts", $"messages[{i}].content"),
        });
    }

    static string Text(JsonElement part, string where)
    {
        var type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type != "text")
            throw ApiException.BadRequest($"{where} is {(type is null ? "not a {type, text} part" : $"a part of type '{type}'")}: this server is text-only and reads parts of type 'text'", where);
        return part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()!
            : throw ApiException.BadRequest($"{where}.text must be a string", where + ".text");
    }

    /// <summary>A string or a list of strings (OpenAI's "stop"); absent or null: none.</summary>
    static string[] Strings(JsonElement value, string param) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => [],
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array when value.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String) => [.. value.EnumerateArray().Select(s => s.GetString()!)],
        _ => throw ApiException.BadRequest($"\"{param}\" must be a string or a list of strings", param),
    };
}
