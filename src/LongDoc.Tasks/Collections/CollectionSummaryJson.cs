using System.Text.Json.Nodes;
using LongDoc.Tasks.Answers;

namespace LongDoc.Tasks.Collections;

/// <summary>
/// A collection's summary as JSON: {"name", "mode", "model", "overview", "documents": [{"label", "id", "name",
/// "summary"}]}; "label" is what the overview's references ("[D1]") name.
/// </summary>
public static class CollectionSummaryJson
{
    public static JsonObject ToJson(CollectionSummary summary) => new()
    {
        ["name"] = summary.Name,
        ["mode"] = AnswerJson.Mode(summary.Mode),
        ["model"] = summary.Model,
        ["overview"] = summary.Overview,
        ["documents"] = new JsonArray([.. summary.Documents.Select((d, i) => (JsonNode)new JsonObject
        {
            ["label"] = DocumentRef.Label(i),
            ["id"] = d.Document.Id,
            ["name"] = d.Document.Name,
            ["summary"] = d.Summary,
        })]),
    };

    public static string Serialize(CollectionSummary summary) => ToJson(summary).ToJsonString(AnswerJson.Indented);
}
