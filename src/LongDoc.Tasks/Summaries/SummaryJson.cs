using System.Text.Json;
using System.Text.Json.Serialization;

namespace LongDoc.Tasks.Summaries;

/// <summary>
/// A summary as JSON: {"title","source","style","mode","model","pageCount","sections":[{"heading","level",
/// "firstPage","lastPage","points":[{"text","page","lastPage"}]}]}; enums lower-case ("brief", "extractive").
/// </summary>
public static class SummaryJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(Summary summary) => JsonSerializer.Serialize(summary, Options);

    public static Summary Deserialize(string json) =>
        JsonSerializer.Deserialize<Summary>(json, Options) ?? throw new JsonException("summary JSON is null");
}
