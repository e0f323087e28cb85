namespace LongDoc.Documents.Tests.Readers;

public class PdfOutlineTests
{
    static Document Read(byte[] bytes) => PdfTestFiles.Bounded(() => LongDoc.Documents.Readers.DocumentReaders.Read(bytes, "outline.pdf"), seconds: 30);

    [Fact]
    public void PdfReader_OutlineNamesBodySizeLines_HeadingLevelsFollowOutlineDepth()
    {
        var doc = Read(PdfGeneratedFiles.BodySizeHeadings(withOutline: true));
        var headings = doc.Blocks.Where(b => b.Kind == BlockKind.Heading).ToList();
        Assert.Equal(["Introduction", "Details"], headings.Select(h => h.Text));
        Assert.Equal([1, 2], headings.Select(h => h.Level));
        var last = doc.Blocks[^1];
        Assert.Equal(BlockKind.Paragraph, last.Kind);
        Assert.Equal(["Introduction", "Details"], last.Section);
    }

    [Fact]
    public void PdfReader_SameFileWithoutOutline_HasNoHeadings()
    {
        var doc = Read(PdfGeneratedFiles.BodySizeHeadings(withOutline: false));
        Assert.DoesNotContain(doc.Blocks, b => b.Kind == BlockKind.Heading);
        Assert.Equal(4, doc.Blocks.Count);
    }

    [Fact]
    public void PdfReader_MistitledOutline_FallsBackToFontHeadings()
    {
        // The outline's titles do not match the text: the section headings still come from their font size.
        var doc = PdfTestFiles.Read(PdfTestFiles.MistitledOutline);
        var foo = doc.Blocks.First(b => b.Kind == BlockKind.Heading && b.Text == "1 Foo" && b.FirstPage == 2);
        Assert.Equal(1, foo.Level);
    }
}
