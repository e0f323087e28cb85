using System.Text;
using LongDoc.Documents.Readers;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

public class MarkdownDocumentReaderTests
{
    static Document Read(string md) => new MarkdownDocumentReader().Read(Encoding.UTF8.GetBytes(md), "notes.md", ReadOptions.Default);

    const string Notes = """
        ---
        title: "Design notes"
        author: someone
        ---
        # Overview

        LongDoc reads *very* large documents
        and answers [questions](https://example.com) about `them`.

        ## Limits
        Setext heading
        --------------

        1. First step
           - detail a
           - detail b
        2. Second step

        | Format | Reader |
        |--------|--------|
        | DOCX   | OpenXml |
        | HTML   | **AngleSharp** |

        ```csharp
        var doc = Read(path);
        return doc;
        ```

        > Quoted remark.
        """;

    [Fact]
    public void Markdown_FrontMatterTitle_WinsAndIsNotText()
    {
        var doc = Read(Notes);
        Assert.Equal("Design notes", doc.Title);
        Assert.DoesNotContain("author", doc.Text);
    }

    [Fact]
    public void Markdown_NoFrontMatter_FirstHeadingIsTitle() =>
        Assert.Equal("Intro", Read("Some text.\n\n# Intro\n\nBody.").Title);

    [Fact]
    public void Markdown_Headings_AtxAndSetextWithLevels()
    {
        var doc = Read(Notes);
        Assert.Equal([("Overview", 1), ("Limits", 2), ("Setext heading", 2)], doc.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => (b.Text, b.Level)));
        Assert.Equal(["Overview"], doc.Blocks.Single(b => b.Kind == BlockKind.Heading && b.Text == "Setext heading").Section);
        AssertSpans(doc);
    }

    [Fact]
    public void Markdown_Paragraph_InlineMarkupDropped() =>
        Assert.Contains(Read(Notes).Blocks, b => b.Kind == BlockKind.Paragraph && b.Text == "LongDoc reads very large documents and answers questions about them.");

    [Fact]
    public void Markdown_Lists_LabelsAndDepth()
    {
        var items = Read(Notes).Blocks.Where(b => b.Kind == BlockKind.ListItem).Select(b => (b.Text, b.Level)).ToArray();
        Assert.Equal([("1. First step", 0), ("detail a", 1), ("detail b", 1), ("2. Second step", 0)], items);
    }

    [Fact]
    public void Markdown_OrderedListStart_Honoured() =>
        Assert.Equal(["7) seven", "8) eight"], Read("7) seven\n8) eight\n").Blocks.Select(b => b.Text));

    [Fact]
    public void Markdown_PipeTable_RowsAndCells()
    {
        var table = Assert.Single(Read(Notes).Blocks, b => b.Kind == BlockKind.Table);
        Assert.Equal([["Format", "Reader"], ["DOCX", "OpenXml"], ["HTML", "AngleSharp"]], table.Rows!.Select(r => r.ToArray()));
    }

    [Fact]
    public void Markdown_CodeBlock_ParagraphWithLines() =>
        Assert.Contains(Read(Notes).Blocks, b => b.Kind == BlockKind.Paragraph && b.Text == "var doc = Read(path);\nreturn doc;");

    [Fact]
    public void Markdown_Quote_ContentsRead() =>
        Assert.Equal("Quoted remark.", Read(Notes).Blocks[^1].Text);

    [Fact]
    public void Markdown_RawHtml_TagsDropped() =>
        Assert.Equal(["Hello & welcome", "inline bold"], Read("<div class=\"x\">Hello &amp; welcome</div>\n\ninline <b>bold</b>\n").Blocks.Select(b => b.Text));

    [Fact]
    public void Markdown_DeepQuoteNesting_ReadAsTextWithWarning()
    {
        var md = new string('>', 5_000) + " deep";
        var doc = Bounded(() => Read(md));
        Assert.Contains("deep", doc.Text);
        Assert.Contains(doc.Warnings, w => w.Contains("nested"));
    }

    [Fact]
    public void Markdown_Empty_ClearError() =>
        Assert.Throws<DocumentReadException>(() => new MarkdownDocumentReader().Read(Array.Empty<byte>(), "e.md", ReadOptions.Default));
}
