using System.Text.Encodings.Web;
using System.Text.Json;
using LongDoc.Samples.Generator.Facts;

namespace LongDoc.Samples.Generator.Output;

/// <summary>facts.json: [{ id, question, answer, file, page }], page null for unpaginated files.</summary>
public static class FactsJson
{
    public const string FileName = "facts.json";

    static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep "+" and "'" readable; the file is data, not HTML
    };

    public static string Write(IReadOnlyList<Fact> facts) => JsonSerializer.Serialize(facts, Options) + "\n";
}
