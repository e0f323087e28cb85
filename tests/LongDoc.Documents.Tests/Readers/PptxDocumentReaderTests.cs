using LongDoc.Documents.Readers;
using static LongDoc.Documents.Tests.Readers.OfficeTestPackages;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>PowerPoint: slides as pages, titles as headings, reading order by position, tables, notes, hidden slides.</summary>
public class PptxDocumentReaderTests
{
    static Document Read(byte[] bytes) => DocumentReaders.Read(bytes, "deck.pptx");

    static (BlockKind, string)[] KindsAndTexts(Document doc, int page) =>
        doc.Blocks.Where(b => b.Pages.Contains(page)).Select(b => (b.Kind, b.Text)).ToArray();

    [Fact]
    public void Pptx_TwoSlides_OnePagePerSlideTitlesAsHeadings()
    {
        var doc = Read(Pptx(
            new Slide(Title("Quarterly results") + Body(1, null, "Revenue grew", "Costs fell")),
            new Slide(Title("Outlook") + TextBox("Next year looks steady", 600_000, 2_000_000))));
        Assert.Equal(DocumentFormat.Pptx, doc.Format);
        Assert.Equal(2, doc.PageCount);
        Assert.Equal([(BlockKind.Heading, "Quarterly results"), (BlockKind.ListItem, "Revenue grew"), (BlockKind.ListItem, "Costs fell")], KindsAndTexts(doc, 1));
        Assert.Equal([(BlockKind.Heading, "Outlook"), (BlockKind.Paragraph, "Next year looks steady")], KindsAndTexts(doc, 2));
        Assert.Equal(["Outlook"], doc.Blocks.Single(b => b.Text == "Next year looks steady").Section);
        Assert.Equal("Quarterly results", doc.Title);
        AssertSpans(doc);
    }

    [Fact]
    public void Pptx_TextBoxesOutOfOrderInTheFile_ReadTopToBottomThenLeftToRight()
    {
        var doc = Read(Pptx(new Slide(
            TextBox("bottom", 600_000, 5_000_000)
            + TextBox("right column", 5_000_000, 2_000_000)
            + TextBox("left column", 600_000, 2_000_000)
            + Title("Order"))));
        Assert.Equal(["Order", "left column", "right column", "bottom"], doc.Blocks.Select(b => b.Text));
    }

    [Fact]
    public void Pptx_LinesCloserThanTheirHeight_StayInTopToBottomOrder()
    {
        // Two lines 0.19 in apart, the second indented less: a row tolerance wider than half a line would swap them.
        var doc = Read(Pptx(new Slide(
            TextBox("first line", 1_272_600, 1_079_640, 3_000_000, 160_560) + TextBox("second line", 1_134_000, 1_251_720, 3_000_000, 160_560))));
        Assert.Equal(["Slide 1", "first line", "second line"], doc.Blocks.Select(b => b.Text));
    }

    [Fact]
    public void Pptx_PlaceholderWithoutPosition_TakesItsLayoutPosition()
    {
        // The body placeholder has no xfrm: the layout puts it at y=1.6M, below a text box at y=1.0M and above one at 3.0M.
        var doc = Read(Pptx(new Slide(
            TextBox("below the body", 600_000, 3_000_000) + Body(1, null, "body text") + TextBox("above the body", 600_000, 1_000_000))));
        Assert.Equal(["Slide 1", "above the body", "body text", "below the body"], doc.Blocks.Select(b => b.Text));
    }

    [Fact]
    public void Pptx_Table_RowsOfCellsWithHeaderFirst()
    {
        var doc = Read(Pptx(new Slide(Title("Prices") + Table(600_000, 1_500_000, ["Fruit", "Price"], ["Apple", "0.50"], ["Pear", "0.75"]))));
        var table = Assert.Single(doc.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Equal([["Fruit", "Price"], ["Apple", "0.50"], ["Pear", "0.75"]], table.Rows);
        Assert.Equal([1], table.Pages);
        Assert.Equal(["Prices"], table.Section);
    }

    [Fact]
    public void Pptx_SpeakerNotes_KeptUnderANotesHeadingOnTheirSlide()
    {
        var doc = Read(Pptx(
            new Slide(Title("Intro") + TextBox("Welcome", 600_000, 2_000_000), Notes: "Mention the 42 new customers\nThank the team"),
            new Slide(Title("End"))));
        var notes = doc.Blocks.Where(b => b.Section.Contains("Speaker notes")).ToArray();
        Assert.Equal(["Mention the 42 new customers", "Thank the team"], notes.Select(b => b.Text));
        Assert.All(notes, b => Assert.Equal(["Intro", "Speaker notes"], b.Section));
        Assert.All(notes, b => Assert.Equal(1, b.FirstPage));
        // Notes come after the slide's own text and are searchable in the document text.
        Assert.True(doc.Text.IndexOf("Welcome") < doc.Text.IndexOf("Mention the 42"));
        Assert.DoesNotContain(doc.Blocks, b => b.FirstPage == 2 && b.Section.Contains("Speaker notes"));
    }

    [Fact]
    public void Pptx_HiddenSlide_MarkedInItsHeadingAndWarned()
    {
        var doc = Read(Pptx(new Slide(Title("Shown")), new Slide(Title("Backup numbers") + TextBox("spare", 600_000, 2_000_000), Hidden: true)));
        Assert.Equal(["Shown", "Backup numbers (hidden slide)"], doc.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => b.Text));
        Assert.Equal(["Backup numbers (hidden slide)"], doc.Blocks.Single(b => b.Text == "spare").Section);
        Assert.Contains(doc.Warnings, w => w.Contains("hidden slide(s) 2"));
    }

    [Fact]
    public void Pptx_NoTitlePlaceholder_LargestFirstTextBoxIsTheTitle()
    {
        static string Sized(string text, long y, int size) => TextBox(text, 600_000, y).Replace("<a:r>", $"<a:r><a:rPr sz=\"{size}\"/>");
        var doc = Read(Pptx(new Slide(Sized("Big headline", 300_000, 4400) + Sized("small print", 2_000_000, 1800)),
            new Slide(Sized("same size", 300_000, 1800) + Sized("as this", 2_000_000, 1800))));
        Assert.Equal(["Big headline", "Slide 2"], doc.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => b.Text));
        Assert.Equal(["small print"], doc.Blocks.Where(b => b.Kind == BlockKind.Paragraph && b.FirstPage == 1).Select(b => b.Text));
    }

    [Fact]
    public void Pptx_GroupedShapes_ReadAsOneUnitInOrder()
    {
        var doc = Read(Pptx(new Slide(
            TextBox("after the group", 600_000, 4_000_000)
            + Group(600_000, 2_000_000, TextBox("group second", 0, 1_000_000) + TextBox("group first", 0, 0)))));
        Assert.Equal(["Slide 1", "group first", "group second", "after the group"], doc.Blocks.Select(b => b.Text));
    }

    [Fact]
    public void Pptx_LibreOfficeDeckFromCorpusPdf_ReadsFourSlidesInLineOrder()
    {
        // TestData/office/deck.pptx: LibreOffice Impress's import of the corpus's 4-page pdfLaTeX PDF (one text box per line piece).
        var doc = DocumentReaders.ReadFile(DataPath("office", "deck.pptx"));
        Assert.Equal(4, doc.PageCount);
        var first = doc.Blocks.Where(b => b.Kind == BlockKind.Paragraph && b.FirstPage == 1).Take(3).Select(b => b.Text);
        Assert.Equal(["Hello, here is some text without a meaning.", "This text should show what a printed text", "will"], first);
        AssertSpans(doc);
    }
}
