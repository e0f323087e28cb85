using System.Text.Json;
using LongDoc.Documents;
using LongDoc.Documents.Rendering;
using Format = LongDoc.Documents.DocumentFormat;

namespace LongDoc.Service.Processing;

/// <summary>
/// Reads the JSON of <see cref="DocumentJson"/> back into a <see cref="Document"/>. The JSON has no normalized
/// text: it is rebuilt as the blocks joined by a blank line, and every block's span is checked against it.
/// </summary>
public static class DocumentJsonReader
{
    const string BlockSeparator = "\n\n";

    sealed record Dto(string Id, string Source, Format Format, string Title, List<Page> Pages, List<Block> Blocks, List<Block>? Furniture, List<string>? Warnings, List<RecognizedPage>? Recognized);

    public static Document Read(string json, string origin)
    {
        Dto dto;
        try { dto = JsonSerializer.Deserialize<Dto>(json, DocumentJson.Options) ?? throw new JsonException("null document"); }
        catch (JsonException e) { throw new InvalidDataException($"{origin}: not a LongDoc document JSON: {e.Message}", e); }
        var text = string.Join(BlockSeparator, dto.Blocks.Select(b => b.Text));
        foreach (var b in dto.Blocks)
            if (b.Start < 0 || b.End > text.Length || text[b.Start..b.End] != b.Text)
                throw new InvalidDataException($"{origin}: block span {b.Start}..{b.End} does not match its text");
        return new Document
        {
            Id = dto.Id, Source = dto.Source, Format = dto.Format, Title = dto.Title, Pages = dto.Pages, Blocks = dto.Blocks,
            Furniture = dto.Furniture ?? [], Warnings = dto.Warnings ?? [], Recognized = dto.Recognized ?? [], Text = text,
        };
    }
}
