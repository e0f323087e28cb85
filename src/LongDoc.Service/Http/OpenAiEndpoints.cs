using System.Text;
using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Generation;
using LongDoc.Service.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace LongDoc.Service.Http;

/// <summary>
/// GET /v1/models, GET /v1/models/{id} and POST /v1/chat/completions in OpenAI's shapes (the body: <see cref="ChatRequest"/>).
/// Streamed, as OpenAI does: a first chunk with the role, content chunks, a last chunk with finish_reason, with
/// stream_options.include_usage a usage chunk whose choices are empty, then "data: [DONE]". A failure once the stream
/// has started is a last "data: {"error": ...}" chunk.
/// </summary>
public static class OpenAiEndpoints
{
    static readonly Dictionary<FinishReason, string> Finish = new()
    {
        [FinishReason.Stop] = "stop", [FinishReason.EndOfText] = "stop", [FinishReason.Length] = "length",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/models", (ChatModel model) => Results.Json(new { @object = "list", data = model.Name is { } name ? new[] { ModelCard.Of(name, model) } : [] }));
        app.MapGet("/v1/models/{**id}", (string id, ChatModel model) => id == model.Name ? Results.Json(ModelCard.Of(id, model)) : throw NotServed(id, model));
        app.MapPost("/v1/chat/completions", Complete);
    }

    static ApiException NotServed(string asked, ChatModel model) => new(StatusCodes.Status404NotFound,
        $"model '{asked}' is not served here; /v1/models lists {(model.Name is { } name ? $"'{name}'" : "none")}", "model_not_found", "model");

    static async Task Complete(ChatRequest? request, HttpContext context, ChatModel model, ServiceMetrics metrics, ILogger<ChatModel> log, CancellationToken ct)
    {
        if (!model.Configured)
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, "no model is configured on this server (set Model:Path); /v1/models lists none", "model_not_configured");
        var call = (request ?? throw ApiException.BadRequest("the body must be a chat request {model, messages}")).Read(model.DefaultMaxTokens);
        await model.ReadyAsync(ct);
        if (request.Model is { Length: > 0 } asked && asked != model.Name) throw NotServed(asked, model);
        ChatModel.Prompt prompt;
        try { prompt = await model.PrepareAsync(call.Messages, call.Sampling, ct); }
        catch (ContextOverflowException e) { throw new ApiException(StatusCodes.Status400BadRequest, e.Message, "context_length_exceeded", "messages"); }
        catch (ChatTemplateException e) { throw ApiException.BadRequest(e.Message, "messages"); }

        var reply = new Reply("chatcmpl-" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), model.Name!, prompt.Tokens);
        if (!call.Stream)
        {
            var (text, finish) = await Generate(prompt, reply, metrics, _ => Task.CompletedTask, ct);
            await context.Response.WriteAsJsonAsync(reply.Whole(text, finish), ct);
            return;
        }
        var sse = new Sse(context.Response);
        sse.Start();
        try
        {
            await sse.SendAsync(null, reply.Chunk(new { role = "assistant", content = "" }, null), ct);
            var (_, finish) = await Generate(prompt, reply, metrics, text => sse.SendAsync(null, reply.Chunk(new { content = text }, null), ct), ct);
            await sse.SendAsync(null, reply.Chunk(new { }, finish), ct);
            if (call.IncludeUsage) await sse.SendAsync(null, reply.UsageChunk(), ct);
            await sse.RawAsync(null, "[DONE]", ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "POST /v1/chat/completions (request {Id}) failed while streaming", context.TraceIdentifier);
            await sse.SendAsync(null, ApiError.Of($"generation failed (request {context.TraceIdentifier}; the server's log has the details)", "server_error"), ct);
        }
    }

    /// <summary>Generates, handing each piece of text to <paramref name="onText"/>; the whole text and OpenAI's finish_reason.</summary>
    static async Task<(string Text, string? Finish)> Generate(ChatModel.Prompt prompt, Reply reply, ServiceMetrics metrics,
        Func<string, Task> onText, CancellationToken ct)
    {
        var text = new StringBuilder();
        string? finish = null;
        await foreach (var chunk in prompt.Generate(ct))
        {
            text.Append(chunk.Text);
            if (chunk.Text.Length > 0) await onText(chunk.Text);
            if (!chunk.IsFinal) continue;
            finish = Finish[chunk.FinishReason!.Value];
            if (chunk.Stats is not { } stats) continue;
            reply.CompletionTokens = stats.GeneratedTokens;
            metrics.Generated(stats.GeneratedTokens, stats.PrefillTime + stats.DecodeTime);
        }
        return (text.ToString(), finish);
    }

    /// <summary>What every chunk and the whole answer share.</summary>
    sealed class Reply(string id, long created, string model, int promptTokens)
    {
        public int CompletionTokens;

        public object Usage => new { prompt_tokens = promptTokens, completion_tokens = CompletionTokens, total_tokens = promptTokens + CompletionTokens };

        public object Whole(string text, string? finish) => new
        {
            id, @object = "chat.completion", created, model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, finish_reason = finish } }, usage = Usage,
        };

        public object Chunk(object delta, string? finish) => new
        {
            id, @object = "chat.completion.chunk", created, model, choices = new[] { new { index = 0, delta, finish_reason = finish } },
        };

        public object UsageChunk() => new { id, @object = "chat.completion.chunk", created, model, choices = Array.Empty<object>(), usage = Usage };
    }
}
