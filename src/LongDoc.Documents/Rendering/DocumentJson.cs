using System.Text.Json;
using System.Text.Json.Serialization;

namespace LongDoc.Documents.Rendering;

/// <summary>
/// The stable JSON form of a <see cref="Document"/> (documented in the README): camelCase names, enums as
/// lower-case strings, tables with their rows, and `pageStarts` for a block over page breaks whose reader saw them. Furniture (headers/footers) and reader warnings are included, and `recognized` (pages read by OCR) when there are any.
/// </summary>
public static class DocumentJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
        // Readable non-ASCII text; the output is a file or a terminal, never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    sealed record JsonDocumentDto(
        string Id, string Source, DocumentFormat Format, string Title, int PageCount,
        IReadOnlyList<Page> Pages, IReadOnlyList<JsonBlockDto> Blocks, IReadOnlyList<JsonBlockDto> Furniture,
        IReadOnlyList<string> Warnings, IReadOnlyList<RecognizedPage>? Recognized);

    sealed record JsonBlockDto(
        BlockKind Kind, int Level, string Text, IReadOnlyList<int> Pages, IReadOnlyList<string> Section,
        int Start, int End, IReadOnlyList<IReadOnlyList<string>>? Rows, IReadOnlyList<int>? PageStarts);

    public static string Serialize(Document d, bool indented = true)
    {
        var dto = new JsonDocumentDto(d.Id, d.Source, d.Format, d.Title, d.PageCount, d.Pages,
            d.Blocks.Select(ToDto).ToArray(), d.Furniture.Select(ToDto).ToArray(), d.Warnings,
            d.Recognized.Count > 0 ? d.Recognized : null);
        return JsonSerializer.Serialize(dto, indented ? Options : new JsonSerializerOptions(Options) { WriteIndented = false });
    }

    static JsonBlockDto ToDto(Block b) => new(b.Kind, b.Level, b.Text, b.Pages, b.Section, b.Start, b.End, b.Rows, b.PageStarts);
}
