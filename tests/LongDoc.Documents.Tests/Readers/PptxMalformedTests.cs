using System.Text;
using LongDoc.Documents.Readers;
using static LongDoc.Documents.Tests.Readers.OfficeTestPackages;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>Hostile or broken PPTX input: one clear <see cref="DocumentReadException"/> naming the file, quickly.</summary>
public class PptxMalformedTests
{
    static DocumentReadException Fails(byte[] bytes, ReadOptions? options = null) =>
        Bounded(() => Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(bytes, "bad.pptx", options)));

    [Fact]
    public void Pptx_Truncated_ErrorNamesTheFile()
    {
        var bytes = Pptx(new Slide(Title("Cut short")));
        var e = Fails(bytes[..(bytes.Length / 2)]);
        Assert.Equal("bad.pptx", e.File);
        Assert.Contains("zip", e.Problem);
    }

    [Fact]
    public void Pptx_WordPackageNamedPptx_ContentWinsAndThePptxReaderSaysWhatIsMissing()
    {
        var docx = DocxTestPackages.Make(DocxTestPackages.P("really a letter"));
        Assert.Equal(DocumentFormat.Docx, DocumentReaders.Read(docx, "slides.pptx").Format);
        var e = Assert.Throws<DocumentReadException>(() => new PptxDocumentReader().Read(docx, "slides.pptx", ReadOptions.Default));
        Assert.Equal("zip archive is not a PowerPoint presentation (no ppt/presentation.xml)", e.Problem);
    }

    [Fact]
    public void Pptx_ZipBomb_RejectedByCompressionRatio()
    {
        var bomb = DocxTestPackages.Zip([("ppt/presentation.xml", new byte[16 << 20])]);
        Assert.Contains("zip bomb", Fails(bomb).Problem);
    }

    [Fact]
    public void Pptx_TooManyEntries_Rejected()
    {
        var e = Fails(Pptx(new Slide(Title("a")), new Slide(Title("b"))), ReadOptions.Default with { MaxZipEntries = 5 });
        Assert.Contains("entries", e.Problem);
    }

    [Fact]
    public void Pptx_PresentationPartNotXml_ClearError()
    {
        var bytes = DocxTestPackages.Zip([("[Content_Types].xml", "<Types/>"u8.ToArray()), ("ppt/presentation.xml", "not xml at all"u8.ToArray())]);
        var e = Fails(bytes);
        Assert.Equal("bad.pptx", e.File);
        Assert.Contains("PPTX", e.Problem);
    }

    [Fact]
    public void Pptx_GroupsNestedTenThousandDeep_ErrorNotStackOverflow()
    {
        var nested = new StringBuilder(TextBox("deep", 0, 0));
        for (int i = 0; i < 10_000; i++) nested.Insert(0, "<p:grpSp><p:nvGrpSpPr><p:cNvPr id=\"9\" name=\"g\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>").Append("</p:grpSp>");
        var e = Fails(Pptx(new Slide(nested.ToString())));
        Assert.Contains("nested deeper", e.Problem);
    }
}
