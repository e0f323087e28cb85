using System.Security.Cryptography;
using LongDoc.Documents.Readers;

namespace LongDoc.Documents.Tests.Readers;

public class PdfCorpusTests
{
    [Theory]
    [InlineData(PdfTestFiles.Minimal)]
    [InlineData(PdfTestFiles.LibreOffice)]
    [InlineData(PdfTestFiles.FourPages)]
    [InlineData(PdfTestFiles.Outline)]
    [InlineData(PdfTestFiles.GoogleDoc)]
    [InlineData(PdfTestFiles.MistitledOutline)]
    [InlineData(PdfTestFiles.TwoColumns)]
    public void PdfReader_CorpusFile_PageCountMatchesFilesJson(string name)
    {
        var doc = PdfTestFiles.Read(name);
        Assert.Equal(DocumentFormat.Pdf, doc.Format);
        Assert.Equal(PdfTestFiles.ExpectedPages(name), doc.PageCount);
        Assert.Equal(doc.PageCount, doc.Pages.Count);
    }

    [Theory]
    [InlineData(PdfTestFiles.Minimal)]
    [InlineData(PdfTestFiles.Outline)]
    [InlineData(PdfTestFiles.GoogleDoc)]
    [InlineData(PdfTestFiles.TwoColumns)]
    public void PdfReader_AnyFile_SpansIndexBlockTextsAndIdIsSha256(string name)
    {
        var doc = PdfTestFiles.Read(name);
        Assert.NotEmpty(doc.Blocks);
        foreach (var b in doc.Blocks) Assert.Equal(b.Text, doc.Text[b.Start..b.End]);
        var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(PdfTestFiles.PathOf(name))));
        Assert.Equal(expected, doc.Id);
    }

    [Theory]
    [InlineData(PdfTestFiles.Minimal, "Lorem ipsum dolor sit amet, consetetur sadipscing elitr")]
    [InlineData(PdfTestFiles.LibreOffice, "Lorem ipsum dolor sit amet, consetetur sadipscing elitr")]
    [InlineData(PdfTestFiles.GoogleDoc, "Beautiful is better than ugly. Explicit is better than implicit.")]
    [InlineData(PdfTestFiles.GoogleDoc, "Errors should never pass silently.")]
    [InlineData(PdfTestFiles.Outline, "Hello, here is some text without a meaning.")]
    public void PdfReader_CorpusFile_ExtractsPhrase(string name, string phrase)
    {
        var doc = PdfTestFiles.Read(name);
        Assert.Contains(phrase, doc.Text);
    }

    [Fact]
    public void PdfReader_TwoColumnPage_ReadsLeftColumnBeforeRightColumn()
    {
        var doc = PdfTestFiles.Read(PdfTestFiles.TwoColumns);
        // Left column of page 1 starts with the abstract sentence and ends "...at lectus."; the right column
        // starts with "Sed bibendum". Lines must not run across the gutter ("filled molestie" would).
        int left = doc.Text.IndexOf("This is a sample document with two columns filled with Lorem Ipsum text.", StringComparison.Ordinal);
        int leftLater = doc.Text.IndexOf("Nulla malesuada porttitor diam.", StringComparison.Ordinal);
        int right = doc.Text.IndexOf("Sed bibendum, nulla a faucibus semper", StringComparison.Ordinal);
        Assert.True(left >= 0 && leftLater > left && right > leftLater, $"order: {left}, {leftLater}, {right}");
        Assert.DoesNotContain("filled molestie", doc.Text);
    }

    [Fact]
    public void PdfReader_LineEndHyphen_IsJoinedAndLigaturesAreLetters()
    {
        var doc = PdfTestFiles.Read(PdfTestFiles.TwoColumns);
        Assert.Contains("consectetuer adipiscing elit", doc.Text);   // "adip-" / "iscing" in the PDF
        Assert.DoesNotContain("adip- iscing", doc.Text);
        Assert.DoesNotContain("\uFB01", doc.Text);                     // "ﬁ" ligature
    }

    [Fact]
    public void PdfReader_LatexSections_AreLevelOneHeadingsWithSectionPaths()
    {
        var doc = PdfTestFiles.Read(PdfTestFiles.Outline);
        var headings = doc.Blocks.Where(b => b.Kind == BlockKind.Heading).ToList();
        var foo = headings.First(h => h.Text == "1 Foo" && h.FirstPage == 2);
        Assert.Equal(1, foo.Level);
        var body = doc.Blocks.First(b => b.Kind == BlockKind.Paragraph && b.FirstPage == 2);
        Assert.Equal(["1 Foo"], body.Section);
        Assert.Equal(9, headings.Count(h => h.Level == 1 && h.FirstPage >= 2));
    }

    [Fact]
    public void PdfReader_TableOfContents_IsATableNotHeadings()
    {
        var doc = PdfTestFiles.Read(PdfTestFiles.Outline);
        var toc = Assert.Single(doc.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Equal(1, toc.FirstPage);
        Assert.Contains(toc.Rows!, r => r.SequenceEqual(["1 Foo", "2"]));
        Assert.DoesNotContain(doc.Blocks, b => b.Kind == BlockKind.Heading && b.FirstPage == 1 && b.Text.EndsWith("Bar"));
    }

    [Fact]
    public void PdfReader_PageNumbers_AreFootersOutsideTheText()
    {
        var doc = PdfTestFiles.Read(PdfTestFiles.FourPages);
        Assert.Equal(["1", "2", "3", "4"], doc.Furniture.Where(f => f.Kind == BlockKind.Footer).Select(f => f.Text));
        Assert.All(doc.Blocks, b => Assert.NotEqual("2", b.Text));
    }

    [Fact]
    public void PdfReader_ParagraphOverPageBreak_IsOneBlockOnBothPages()
    {
        var doc = PdfTestFiles.Read(PdfTestFiles.Outline);
        // Section 4 starts on page 2 and its paragraph ends on page 3.
        var para = doc.Blocks.Single(b => b.Kind == BlockKind.Paragraph && b.Section.SequenceEqual(["4 Foo"]));
        Assert.Equal([2, 3], para.Pages);
    }

    [Fact]
    public void PdfReader_MaxPages_ReadsOnlyThatManyAndWarns()
    {
        var doc = PdfTestFiles.Read(PdfTestFiles.FourPages, new ReadOptions { MaxPages = 2 });
        Assert.Equal(2, doc.PageCount);
        Assert.Contains(doc.Warnings, w => w.Contains("2 of 4 pages"));
    }

    [Fact]
    public void PdfReader_LatexTable_HasRowsOfCellsAndACaption()
    {
        var doc = PdfTestFiles.Read(PdfTestFiles.TwoColumns);
        var table = Assert.Single(doc.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Equal(3, table.FirstPage);
        Assert.Equal(["Country", "Population (millions)", "Area (km 2 )", "Capital", "Official Language"], table.Rows![0]);
        Assert.Contains(table.Rows, r => r.SequenceEqual(["Austria", "8.9", "83,879", "Vienna", "German"]));
        Assert.Contains(doc.Blocks, b => b.Kind == BlockKind.Caption && b.Text == "Table 1: EU Countries Information");
    }

    [Fact]
    public void PdfReader_SmallPrintUnderTheText_IsAFootnote()
    {
        var doc = PdfTestFiles.Read(PdfTestFiles.GoogleDoc);
        var note = Assert.Single(doc.Blocks, b => b.Kind == BlockKind.Footnote);
        Assert.Contains("2021 estimate", note.Text);
    }
}
