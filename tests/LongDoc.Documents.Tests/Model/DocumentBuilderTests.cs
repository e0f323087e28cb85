using System.Security.Cryptography;

namespace LongDoc.Documents.Tests.Model;

public class DocumentBuilderTests
{
    static DocumentBuilder New(string source = "dir/report.pdf") => new("abc"u8, source, DocumentFormat.Pdf);

    [Fact]
    public void Build_Id_IsLowerHexSha256OfTheBytes()
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData("abc"u8));
        Assert.Equal(expected, New().Build().Id);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", expected);
    }

    [Fact]
    public void Build_Spans_IndexTheNormalizedText()
    {
        var b = New();
        b.AddHeading(1, "  Intro  ", 1);
        b.AddParagraph("First\u00A0 para.\r\nSecond line.", 1);
        b.AddListItem(1, "item", 2);
        var doc = b.Build();
        Assert.Equal("Intro\n\nFirst para.\nSecond line.\n\nitem", doc.Text);
        foreach (var block in doc.Blocks) Assert.Equal(block.Text, doc.Text[block.Start..block.End]);
        Assert.Equal((7, 31), (doc.Blocks[1].Start, doc.Blocks[1].End));
    }

    [Fact]
    public void Build_SectionPaths_PopAtSameOrHigherLevel()
    {
        var b = New();
        b.AddHeading(1, "A", 1);
        b.AddHeading(2, "A.1", 1);
        b.AddParagraph("under A.1", 1);
        b.AddHeading(2, "A.2", 1);
        b.AddParagraph("under A.2", 1);
        b.AddHeading(1, "B", 1);
        b.AddParagraph("under B", 1);
        var doc = b.Build();
        Assert.Equal(["A", "A.1"], doc.Blocks[2].Section);
        Assert.Equal(["A"], doc.Blocks[3].Section);   // a heading's path excludes itself
        Assert.Equal(["A", "A.2"], doc.Blocks[4].Section);
        Assert.Equal(["B"], doc.Blocks[6].Section);
    }

    [Fact]
    public void Build_Pages_TextPerPageAndDeclaredCountKept()
    {
        var b = New();
        b.PageCount = 3;
        b.AddParagraph("one", 1);
        b.AddParagraph("spans", 1, 2);
        var doc = b.Build();
        Assert.Equal(3, doc.PageCount);
        Assert.Equal("one\n\nspans", doc.Pages[0].Text);
        Assert.Equal("spans", doc.Pages[1].Text);
        Assert.Equal("", doc.Pages[2].Text);
    }

    [Fact]
    public void Build_Table_RowsCleanedAndEmptyRowsDropped()
    {
        var b = New();
        b.AddTable([["a ", " b"], ["", ""], ["c\nd", "e"]], 1);
        var table = Assert.Single(b.Build().Blocks);
        Assert.Equal([["a", "b"], ["c d", "e"]], table.Rows!.Select(r => r.ToArray()));
        Assert.Equal("a | b\nc d | e", table.Text);
    }

    [Fact]
    public void Build_Furniture_KeptOutOfTheText()
    {
        var b = New();
        b.AddFurniture(BlockKind.Header, "ACME Confidential", 1);
        b.AddParagraph("body", 1);
        var doc = b.Build();
        Assert.Equal("body", doc.Text);
        Assert.Equal(("ACME Confidential", -1), (doc.Furniture[0].Text, doc.Furniture[0].Start));
        Assert.Throws<ArgumentException>(() => b.AddFurniture(BlockKind.Paragraph, "x", 1));
    }

    [Fact]
    public void Build_EmptyBlocks_Dropped()
    {
        var b = New();
        b.AddParagraph(" \n\t ", 1);
        b.AddHeading(1, "", 1);
        Assert.Empty(b.Build().Blocks);
    }

    [Fact]
    public void Build_Title_ExplicitThenFirstHeadingThenFileName()
    {
        Assert.Equal("report", New().Build().Title);
        var withHeading = New();
        withHeading.AddHeading(2, "Findings", 1);
        Assert.Equal("Findings", withHeading.Build().Title);
        withHeading.Title = "  Set  title ";
        Assert.Equal("Set title", withHeading.Build().Title);
    }

    [Fact]
    public void Add_PageZero_Refused() => Assert.Throws<ArgumentOutOfRangeException>(() => New().AddParagraph("x", 0));

    [Fact]
    public void AddParagraph_PageStarts_MappedIntoTheNormalizedText()
    {
        var b = New();
        b.AddParagraph("Intro.", 3);
        const string raw = "The core  was drilled\u00A0to 412 metres and then   sealed. It was opened in spring.";
        b.AddParagraph(raw, [(4, 0), (5, raw.IndexOf("sealed", StringComparison.Ordinal))]);
        var block = b.Build().Blocks[1];
        Assert.Equal([4, 5], block.Pages);
        Assert.NotNull(block.PageStarts);
        Assert.Equal(0, block.PageStarts[0]);
        Assert.StartsWith("sealed.", block.Text[block.PageStarts[1]..], StringComparison.Ordinal);
    }

    [Fact]
    public void AddParagraph_PageStartsOutOfOrder_KeepsPagesWithoutStarts()
    {
        var b = New();
        b.AddParagraph("one two three", [(5, 0), (4, 4)]);
        var block = Assert.Single(b.Build().Blocks);
        Assert.Equal([4, 5], block.Pages);
        Assert.Null(block.PageStarts);
    }
}
