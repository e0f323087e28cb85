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

        var blocks = new MarkdownBlocks(builder);
        blocks.Read(Markdig.Markdown.Parse(text, Pipeline));
        builder.Title = blocks.FrontMatterTitle;
        return builder.Build();
    }
}
