using System.Text.Json;
using System.Text.Json.Nodes;

namespace LongDoc.Tasks.Answers;

/// <summary>
/// An answer as JSON, exactly: {"answer": text, "mode": "model"|"extractive",
/// "citations": [{"page", "lastPage" (the page a quote over a page break ends on, else page), "section", "quote", "verified"}], "pagesRead": [pages]}.
/// </summary>
public static class AnswerJson
{
    // Quotes are shown to people: keep "<", ">" and "'" readable rather than \u-escaped (JSON stays valid).
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    public static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject ToJson(Answer answer) => new()
    {
        ["answer"] = answer.Text,
        ["mode"] = Mode(answer.Mode),
        ["citations"] = new JsonArray([.. answer.Citations.Select(c => (JsonNode)new JsonObject
        {
            ["page"] = c.Page,
            ["lastPage"] = c.LastPage,
            ["section"] = c.Section,
            ["quote"] = c.Quote,
            ["verified"] = c.Verified,
        })]),
        ["pagesRead"] = new JsonArray([.. answer.PagesRead.Select(p => (JsonNode)JsonValue.Create(p))]),
    };

    public static string Serialize(Answer answer) => ToJson(answer).ToJsonString(Indented);

    /// <summary>"model" or "extractive": the names the JSON outputs use.</summary>
    public static string Mode(TaskMode mode) => mode == TaskMode.Model ? "model" : "extractive";
}
