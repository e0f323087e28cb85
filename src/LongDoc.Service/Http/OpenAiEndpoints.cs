using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Generation;
using LongDoc.Service.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LongDoc.Service.Http;

/// <summary>GET /v1/models and POST /v1/chat/completions in OpenAI's shapes (streaming as "data: CHUNK" then "data: [DONE]").</summary>
public static class OpenAiEndpoints
{
    public sealed record Message(string? Role, string? Content);
    public sealed record ChatRequest(string? Model, List<Message>? Messages, bool Stream, int? Max_tokens, int? Max_completion_tokens,
        float? Temperature, float? Top_p, int? Seed, List<string>? Stop);

    static readonly Dictionary<FinishReason, string> Finish = new()
    {
        [FinishReason.Stop] = "stop", [FinishReason.EndOfText] = "stop", [FinishReason.Length] = "length",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/models", (ChatModel model) => Results.Json(new
        {
            @object = "list",
            data = model.Name is { } name ? new[] { new { id = name, @object = "model", created = 0, owned_by = "longdoc" } } : [],
        }));
        app.MapPost("/v1/chat/completions", Complete);
    }

    static async Task Complete(ChatRequest? request, HttpContext context, ChatModel model, ServiceMetrics metrics, CancellationToken ct)
    {
        if (!model.Configured)
        {
            await ApiError.Write(context, StatusCodes.Status503ServiceUnavailable, "no model is configured on this server (set Model:Path); /v1/models lists none", "model_not_configured");
            return;
        }
        if (request?.Messages is not { Count: > 0 } messages || messages.Any(m => string.IsNullOrEmpty(m.Role) || m.Content is null))
        {
            await ApiError.Write(context, StatusCodes.Status400BadRequest, "\"messages\" must be a non-empty list of {role, content}", "invalid_request");
            return;
        }
        if (request.Model is { Length: > 0 } asked && asked != model.Name)
        {
            await ApiError.Write(context, StatusCodes.Status404NotFound, $"model '{asked}' is not served here; /v1/models lists '{model.Name}'", "model_not_found");
            return;
        }
        var sampling = new SamplingOptions
        {
            MaxTokens = request.Max_completion_tokens ?? request.Max_tokens ?? model.DefaultMaxTokens,
            Temperature = request.Temperature ?? 0.8f, TopP = request.Top_p ?? 0.95f, Seed = request.Seed, StopStrings = request.Stop ?? [],
        };
        int[] prompt;
        try
        {
            sampling.Validate();
            prompt = model.Prepare([.. messages.Select(m => new ChatMessage(m.Role!, m.Content!))], sampling);
        }
        catch (Exception e) when (e is ContextOverflowException or ArgumentException or ChatTemplateException)
        {
            await ApiError.Write(context, StatusCodes.Status400BadRequest, e.Message, e is ContextOverflowException ? "context_length_exceeded" : "invalid_request");
            return;
        }
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var sse = request.Stream ? new Sse(context.Response) : null;
        sse?.Start();
        var text = new System.Text.StringBuilder();
        GenerationStats? stats = null;
        string? finish = null;
        await foreach (var chunk in model.GenerateAsync(prompt, sampling, ct))
        {
            text.Append(chunk.Text);
            if (chunk.IsFinal) { stats = chunk.Stats; finish = Finish[chunk.FinishReason!.Value]; }
            if (sse is not null && (chunk.Text.Length > 0 || chunk.IsFinal))
                await sse.SendAsync(null, Chunk(id, created, model.Name!, chunk.Text.Length > 0 ? new { content = chunk.Text } : new { }, finish), ct);
        }
        if (stats is not null) metrics.Generated(stats.GeneratedTokens, stats.PrefillTime + stats.DecodeTime);
        if (sse is not null) { await sse.RawAsync(null, "[DONE]", ct); return; }
        await context.Response.WriteAsJsonAsync(new
        {
            id, @object = "chat.completion", created, model = model.Name,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = text.ToString() }, finish_reason = finish } },
            usage = new { prompt_tokens = prompt.Length, completion_tokens = stats?.GeneratedTokens ?? 0, total_tokens = prompt.Length + (stats?.GeneratedTokens ?? 0) },
        }, ct);
    }

    static object Chunk(string id, long created, string model, object delta, string? finish) => new
    {
        id, @object = "chat.completion.chunk", created, model, choices = new[] { new { index = 0, delta, finish_reason = finish } },
    };
}
