using System.Text.Json.Nodes;
using LongDoc.Tasks.Answers;

namespace LongDoc.Tasks.Collections;

/// <summary>
/// A collection's answer as JSON, exactly: {"answer", "mode", "citations": [{"document": {"id", "name"}, "page",
/// "lastPage", "section", "quote", "verified"}], "documentsRead": [{"id", "name", "pagesRead": [pages]}]}: one
/// document's answer (<see cref="AnswerJson"/>) with each citation's document, and the pages read per document.
/// </summary>
public static class CollectionAnswerJson
{
    public static JsonObject ToJson(CollectionAnswer answer) => new()
    {
        ["answer"] = answer.Text,
        ["mode"] = AnswerJson.Mode(answer.Mode),
        ["citations"] = new JsonArray([.. answer.Citations.Select(c => (JsonNode)new JsonObject
        {
            ["document"] = Ref(c.Document),
            ["page"] = c.Citation.Page,
            ["lastPage"] = c.Citation.LastPage,
            ["section"] = c.Citation.Section,
            ["quote"] = c.Citation.Quote,
            ["verified"] = c.Citation.Verified,
        })]),
        ["documentsRead"] = new JsonArray([.. answer.Read.Select(r => (JsonNode)new JsonObject
        {
            ["id"] = r.Document.Id,
            ["name"] = r.Document.Name,
            ["pagesRead"] = new JsonArray([.. r.Pages.Select(p => (JsonNode)JsonValue.Create(p))]),
        })]),
    };

    public static string Serialize(CollectionAnswer answer) => ToJson(answer).ToJsonString(AnswerJson.Indented);

    static JsonObject Ref(DocumentRef document) => new() { ["id"] = document.Id, ["name"] = document.Name };
}
