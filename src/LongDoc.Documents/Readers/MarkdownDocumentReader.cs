using Markdig;
using LongDoc.Documents.Readers.Markdown;

namespace LongDoc.Documents.Readers;

/// <summary>
/// Markdown (CommonMark with pipe tables and YAML front matter, via Markdig). One page; the title from front
/// matter's <c>title:</c>, else the first heading. See <see cref="MarkdownBlocks"/> for the mapping to blocks.
/// </summary>
public sealed class MarkdownDocumentReader : IDocumentReader
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseYamlFrontMatter().Build();

    public DocumentFormat Format => DocumentFormat.Markdown;

    public Document Read(ReadOnlyMemory<byte> bytes, string source, ReadOptions options)
    {
        if (bytes.IsEmpty) throw new DocumentReadException(source, "the file is empty (0 bytes)");
        var builder = new DocumentBuilder(bytes.Span, source, Format);
        var text = TextDecoding.Decode(bytes.Span, out var note);
        if (note is not null) builder.Warn(note);

        Markdig.Syntax.MarkdownDocument parsed;
        try
        {
            parsed = Markdig.Markdown.Parse(text, Pipeline);
        }
        catch (ArgumentException e) when (e.Message.Contains("nested", StringComparison.OrdinalIgnoreCase))
        {
            // Markdig refuses input nested past its depth limit; the text is still worth reading, without structure.
            builder.Warn("Markdown nested too deeply to parse; read as plain text");
            foreach (var para in System.Text.RegularExpressions.Regex.Split(text, @"\n\s*\n")) builder.AddParagraph(para, 1);
            return builder.Build();
        }
        var blocks = new MarkdownBlocks(builder);
        blocks.Read(parsed);
        builder.Title = blocks.FrontMatterTitle;
        return builder.Build();
    }
}
