using LongDoc.Documents.Readers;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>DOCX files from python-docx's test suite (MIT, TestData/docx/LICENSE-python-docx.txt): made by Word, not by us.</summary>
public class DocxCorpusTests
{
    static Document Read(string name) => DocumentReaders.ReadFile(DataPath("docx", name));

    [Fact]
    public void Docx_KnownStyles_Heading1IsLevelOneAndSectionOfWhatFollows()
    {
        var doc = Read("par-known-styles.docx");
        Assert.Equal(DocumentFormat.Docx, doc.Format);
        var heading = Assert.Single(doc.Blocks, b => b.Kind == BlockKind.Heading);
        Assert.Equal(("Heading 1", 1), (heading.Text, heading.Level));
        var body = Assert.Single(doc.Blocks, b => b.Text == "Body Text");
        Assert.Equal(["Heading 1"], body.Section);
        // A paragraph naming a style that does not exist is a plain paragraph, not an error.
        Assert.Equal(BlockKind.Paragraph, Assert.Single(doc.Blocks, b => b.Text == "missing style").Kind);
        AssertSpans(doc);
    }

    [Fact]
    public void Docx_HeadingSplitAcrossRuns_JoinedIntoOneHeading()
    {
        var doc = Read("par-known-paragraphs.docx");
        Assert.Equal([(BlockKind.Heading, "Heading Paragraph"), (BlockKind.Paragraph, "Normal paragraph")], doc.Blocks.Select(b => (b.Kind, b.Text)));
    }

    [Fact]
    public void Docx_RenderedPageBreaks_ParagraphsSpanTheirPages()
    {
        var doc = Read("par-rendered-page-breaks.docx");
        Assert.Equal(6, doc.PageCount);
        Assert.Equal([1], doc.Blocks.Single(b => b.Text == "No page breaks").Pages);
        Assert.Equal([1, 2], doc.Blocks.Single(b => b.Text.StartsWith("Page break here")).Pages);
        Assert.Equal([4, 5, 6], doc.Blocks.Single(b => b.Text == "Two page>><<breaks>><<in one run.").Pages);
        Assert.Contains("<<followed by more text.", doc.Pages[1].Text);
    }

    [Fact]
    public void Docx_ExplicitBreakFollowedByRenderedBreak_CountsOnePage()
    {
        var doc = Read("sct-first-page-hdrftr.docx");
        Assert.Equal(6, doc.PageCount);
        Assert.Equal(2, doc.Blocks.Single(b => b.Text == "Second (even) page.").FirstPage);
        Assert.Equal(4, doc.Blocks.Single(b => b.Text.StartsWith("Page 4,")).FirstPage);
        Assert.Equal(6, doc.Blocks.Single(b => b.Text.StartsWith("Page 6,")).FirstPage);
        Assert.Equal("", doc.Pages[4].Text);   // page 5 holds only a page break
    }

    [Fact]
    public void Docx_TitlePageSection_FirstPageHeaderOnItsFirstPageOnly()
    {
        var doc = Read("sct-first-page-hdrftr.docx");
        var headers = doc.Furniture.Where(f => f.Kind == BlockKind.Header).ToDictionary(f => f.FirstPage, f => f.Text);
        Assert.Equal("First Page Header (section 2)", headers[4]);
        Assert.Equal("Default (odd, primary) Header", headers[5]);
        Assert.Equal("Default (odd, primary) Header", headers[1]);
        Assert.DoesNotContain("Header", doc.Text);
    }

    [Fact]
    public void Docx_EvenAndOddHeaders_EachOnItsPages()
    {
        var doc = Read("doc-odd-even-hdrs.docx");
        var headers = doc.Furniture.Where(f => f.Kind == BlockKind.Header).ToDictionary(f => f.FirstPage, f => f.Text);
        Assert.Equal("Odd page header.", headers[1]);
        Assert.Equal("Even page header.", headers[2]);
    }

    [Fact]
    public void Docx_SectionWithoutOwnHeader_InheritsHeaderAndFooter()
    {
        var doc = Read("hdr-header-footer.docx");
        Assert.Equal(2, doc.Blocks.Single(b => b.Text == "section without header of its own.").FirstPage);
        Assert.Contains(doc.Furniture, f => f is { Kind: BlockKind.Header, FirstPage: 2, Text: "Header for section-1" });
        Assert.Contains(doc.Furniture, f => f is { Kind: BlockKind.Footer, FirstPage: 1, Text: "Footer for section 1" });
    }

    [Fact]
    public void Docx_Tables_RowsAndCellsInOrder()
    {
        var doc = Read("tbl-having-applied-style.docx");
        var tables = doc.Blocks.Where(b => b.Kind == BlockKind.Table).ToArray();
        Assert.Equal(3, tables.Length);
        var rows = tables[0].Rows!;
        Assert.Equal(4, rows.Count);
        Assert.Equal(["foobar", "barfoo"], rows[0]);
        Assert.Equal(["foo to you", "and a hearty foo to you too sir!"], rows[3]);
        Assert.Contains("foo to you | and a hearty foo to you too sir!", tables[0].Text);
        AssertSpans(doc);
    }

    [Fact]
    public void Docx_MergedCells_PaddedToTheGrid()
    {
        var tables = Read("tbl-cell-access.docx").Blocks.Where(b => b.Kind == BlockKind.Table).ToArray();
        Assert.Equal(4, tables.Length);
        Assert.Equal(["4", "", "6"], tables[1].Rows![1]);   // "4" spans two grid columns
        Assert.Equal(["7", "", "9"], tables[2].Rows![2]);   // vertically merged cell continues empty
    }

    [Fact]
    public void Docx_NestedTable_KeptInsideItsCell()
    {
        var doc = Read("blk-paras-and-tables.docx");
        var table = Assert.Single(doc.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Equal("Text before Table; Between Text after", Assert.Single(Assert.Single(table.Rows!)));
        Assert.Equal("Donec semper facilisis metus finibus malesuada.", doc.Blocks[^1].Text);
        Assert.Contains(doc.Furniture, f => f.Kind == BlockKind.Footer && f.Text.Contains("Copyright"));
    }

    [Fact]
    public void Docx_TableWithOnlyEmptyCells_GivesNoBlock()
    {
        var doc = Read("tbl-2x2-table.docx");
        Assert.Empty(doc.Blocks);
        Assert.Equal(1, doc.PageCount);
    }

    [Fact]
    public void Docx_RenderedBreakInsideTable_MovesLaterBlocks()
    {
        var doc = Read("sct-inner-content.docx");
        Assert.Equal(2, doc.Blocks.Single(b => b.Kind == BlockKind.Table && b.Text == "T4").FirstPage);
        Assert.Equal(3, doc.Blocks.Single(b => b.Text == "P7").FirstPage);
        Assert.Equal(3, doc.PageCount);
    }

    [Fact]
    public void Docx_CoreProperties_GiveTheTitle() => Assert.Equal("Title", Read("doc-coreprops.docx").Title);

    [Fact]
    public void Docx_NoCoreTitle_FirstHeadingIsTheTitle() => Assert.Equal("python-docx was here!", Read("test.docx").Title);

    [Fact]
    public void Docx_ListNumberStyle_IsANumberedListItem()
    {
        var item = Assert.Single(Read("num-having-numbering-part.docx").Blocks);
        Assert.Equal(BlockKind.ListItem, item.Kind);
        Assert.Equal("1. Paragraph having List Number style.", item.Text);
    }

    [Fact]
    public void Docx_Hyperlinks_TextKeptInOrder() =>
        Assert.Contains(Read("par-hyperlinks.docx").Blocks, b => b.Text == "Three hyperlinks: the first one here, the second one, and the third.");

    [Fact]
    public void Docx_Images_ReportedAsWarning() =>
        Assert.Contains(Read("having-images.docx").Warnings, w => w.Contains("image"));

    [Fact]
    public void Docx_NoStylesPart_ReadsWithoutError() =>
        Assert.Equal(DocumentFormat.Docx, Read("sty-having-no-styles-part.docx").Format);

    [Fact]
    public void Docx_SameBytes_SameId()
    {
        var bytes = Data("docx", "test.docx");
        var a = DocumentReaders.Read(bytes, "a.docx");
        var b = DocumentReaders.Read(bytes, "b.docx");
        Assert.Equal(a.Id, b.Id);
        Assert.Equal(64, a.Id.Length);
    }
}
