using LongDoc.Documents.Readers;
using static LongDoc.Documents.Tests.Readers.DocxTestPackages;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>DOCX structure the corpus lacks, in small packages written here: heading styles, numbering, footnotes, breaks.</summary>
public class DocxStructureTests
{
    static Document Read(byte[] bytes) => new DocxDocumentReader().Read(bytes, "made.docx", ReadOptions.Default);

    [Fact]
    public void Docx_HeadingStyles_LevelsFromNameIdOrOutlineLevel()
    {
        var doc = Read(Make(P("Annual report", "Title") + P("Results", "Heading1") + P("Revenue", "berschrift2")
            + P("By region", "MyChapter") + P("Europe grew."), HeadingStyles));
        var headings = doc.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => (b.Text, b.Level)).ToArray();
        Assert.Equal([("Annual report", 1), ("Results", 1), ("Revenue", 2), ("By region", 3)], headings);
        Assert.Equal(["Results", "Revenue", "By region"], doc.Blocks[^1].Section);
        Assert.Equal("Annual report", doc.Title);
        AssertSpans(doc);
    }

    [Fact]
    public void Docx_DirectOutlineLevel_MakesAHeading()
    {
        var doc = Read(Make(P("Scope", extraProps: "<w:outlineLvl w:val=\"1\"/>") + P("Text.")));
        Assert.Equal((BlockKind.Heading, 2), (doc.Blocks[0].Kind, doc.Blocks[0].Level));
    }

    [Fact]
    public void Docx_Numbering_LabelsDepthsAndRestart()
    {
        var doc = Read(Make(ListP("Alpha", 1, 0) + ListP("Sub one", 1, 1) + ListP("Sub two", 1, 1) + ListP("Beta", 1, 0)
            + ListP("Dot", 2, 0) + ListP("Restarted", 3, 0) + ListP("After restart", 1, 0) + P("Not a list", extraProps: "<w:numPr><w:numId w:val=\"0\"/></w:numPr>"),
            numbering: Numbering));
        var items = doc.Blocks.Where(b => b.Kind == BlockKind.ListItem).Select(b => (b.Text, b.Level)).ToArray();
        Assert.Equal([("1. Alpha", 0), ("a) Sub one", 1), ("b) Sub two", 1), ("2. Beta", 0), ("Dot", 0), ("5. Restarted", 0), ("6. After restart", 0)], items);
        Assert.Equal(BlockKind.Paragraph, doc.Blocks[^1].Kind);
    }

    [Fact]
    public void Docx_Footnotes_MarkerInTextAndNoteAfterItsPage()
    {
        var notes = "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
            + "<w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>Source: audited accounts.</w:t></w:r></w:p></w:footnote>";
        var body = "<w:p><w:r><w:t>Profit rose.</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>"
            + P("Still page one.") + "<w:p><w:r><w:br w:type=\"page\"/><w:t>Page two.</w:t></w:r></w:p>";
        var doc = Read(Make(body, footnotes: notes));
        Assert.Equal("Profit rose.[1]", doc.Blocks[0].Text);
        var note = Assert.Single(doc.Blocks, b => b.Kind == BlockKind.Footnote);
        Assert.Equal(("[1] Source: audited accounts.", 1), (note.Text, note.FirstPage));
        // The note sits at the foot of page 1: after its last block, before page 2's first.
        Assert.Equal(["Profit rose.[1]", "Still page one.", "[1] Source: audited accounts.", "Page two."], doc.Blocks.Select(b => b.Text));
        Assert.DoesNotContain(doc.Blocks, b => b.Text.Contains("separator"));
    }

    [Fact]
    public void Docx_ExplicitBreaksWithoutRenderedOnes_AdvancePages()
    {
        var body = P("One.") + "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>" + P("Two.")
            + P("Three.", extraProps: "<w:pageBreakBefore/>")
            + "<w:p><w:pPr><w:sectPr/></w:pPr></w:p>" + P("Four.");
        var doc = Read(Make(body));
        Assert.Equal([1, 2, 3, 4], doc.Blocks.Select(b => b.FirstPage));
        Assert.Equal(4, doc.PageCount);
    }

    [Fact]
    public void Docx_ContinuousSection_StaysOnThePage()
    {
        var body = P("One.") + "<w:p><w:pPr><w:sectPr><w:type w:val=\"continuous\"/></w:sectPr></w:pPr></w:p>" + P("Still one.");
        Assert.Equal(1, Read(Make(body)).PageCount);
    }

    [Fact]
    public void Docx_CaptionStyle_IsACaption() =>
        Assert.Equal(BlockKind.Caption, Read(Make(P("Figure 1: Sales", "Caption"), HeadingStyles)).Blocks[0].Kind);

    [Fact]
    public void Docx_Revisions_DeletedTextSkippedInsertedKept()
    {
        var body = "<w:p><w:r><w:t xml:space=\"preserve\">Rate is </w:t></w:r><w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>5%</w:delText></w:r></w:del>"
            + "<w:ins w:id=\"2\" w:author=\"a\"><w:r><w:t>6%</w:t></w:r></w:ins></w:p>";
        Assert.Equal("Rate is 6%", Read(Make(body)).Blocks[0].Text);
    }

    [Fact]
    public void Docx_TabsAndLineBreaks_KeptAsWhitespace()
    {
        var body = "<w:p><w:r><w:t>Name</w:t><w:tab/><w:t>Value</w:t><w:br/><w:t>Second line</w:t></w:r></w:p>";
        Assert.Equal("Name Value\nSecond line", Read(Make(body)).Blocks[0].Text);
    }

    [Fact]
    public void Docx_AlternateContent_ReadOnceFromTheChoice()
    {
        var body = "<mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\">"
            + "<mc:Choice Requires=\"w14\">" + P("Shown once.") + "</mc:Choice><mc:Fallback>" + P("Shown once.") + "</mc:Fallback></mc:AlternateContent>";
        Assert.Equal(["Shown once."], Read(Make(body)).Blocks.Select(b => b.Text));
    }
}
