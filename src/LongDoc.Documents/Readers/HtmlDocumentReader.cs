using AngleSharp.Html.Parser;
using LongDoc.Documents.Readers.Html;

namespace LongDoc.Documents.Readers;

/// <summary>
/// HTML pages, parsed as browsers do (AngleSharp), so broken markup still reads. One page; the title from
/// &lt;title&gt;, else the first heading. See <see cref="HtmlBlocks"/> for what becomes a block and what is skipped.
/// </summary>
public sealed class HtmlDocumentReader : IDocumentReader
{
    static readonly HtmlParserOptions ParserOptions = new() { IsScripting = false };

    /// <summary>Deepest element nesting accepted; see <see cref="HtmlNesting"/> for why there is a limit.</summary>
    public const int MaxNesting = 1000;

    public DocumentFormat Format => DocumentFormat.Html;

    public Document Read(ReadOnlyMemory<byte> bytes, string source, ReadOptions options)
    {
        if (bytes.IsEmpty) throw new DocumentReadException(source, "the file is empty (0 bytes)");
        var builder = new DocumentBuilder(bytes.Span, source, Format);
        var text = HtmlDecoding.Decode(bytes.Span, out var note);
        if (note is not null) builder.Warn(note);

        if (HtmlNesting.MaxDepth(text, stopAt: MaxNesting) > MaxNesting)
            throw new DocumentReadException(source, $"HTML elements nest more than {MaxNesting} levels deep; refused rather than parsed for minutes");
        var document = new HtmlParser(ParserOptions).ParseDocument(text);
        builder.Title = document.Title;
        if (document.Body is { } body) new HtmlBlocks(builder).Read(body);
        return builder.Build();
    }
}
