using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LongDoc.Service.Http;

/// <summary>
/// POST /tokenize as vLLM answers it ({"model", "prompt"} → {"count", "max_model_len", "tokens"}; llama-server's
/// {"content"} is read too), so that another LongDoc using this one as its engine (Model:Endpoint) counts tokens
/// exactly. The text is counted as text (no BOS, special tokens not parsed). An engine's model: its own count.
/// </summary>
public static class TokenizeEndpoint
{
    /// <summary>Where the text is: vLLM's and SGLang's field, then llama-server's.</summary>
    static readonly string[] Fields = ["prompt", "content"];

    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/tokenize", Tokenize);

    static async Task<IResult> Tokenize(JsonElement body, ChatModel model, CancellationToken ct)
    {
        if (!model.Configured)
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, "no model is configured on this server (set Model:Path or Model:Endpoint)", "model_not_configured");
        var text = Fields.Select(n => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
            .FirstOrDefault(t => t is not null) ?? throw ApiException.BadRequest("the body must be {\"prompt\": \"text\"}", "prompt");
        var (count, ids, context) = await model.TokenizeAsync(text, ct);
        return Results.Json(new { count, max_model_len = context, tokens = ids });
    }
}
