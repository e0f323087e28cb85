using LongDoc.Documents.Readers;
using LongDoc.Documents.Readers.Ocr;
using LongDoc.Documents.Tests.Readers.Images;

namespace LongDoc.Documents.Tests.Readers.Ocr;

/// <summary>What the reader says when OCR cannot run or does not finish; none of these needs Tesseract installed.</summary>
public class OcrFailureTests
{
    static ReadOptions With(OcrOptions ocr) => ReadOptions.Default with { Ocr = ocr };
    static readonly byte[] SmallPng = TestImages.PngHeader(100, 100, new byte[64]);

    [Fact]
    public void ImageReader_TesseractMissing_SaysWhatToInstall()
    {
        var options = With(OcrOptions.Default with { TesseractCommand = "/nonexistent/tesseract" });
        var e = Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(SmallPng, "letter.png", options));
        Assert.Equal("letter.png", e.File);
        Assert.Equal("a PNG image, not recognised: tesseract is not installed (apt install tesseract-ocr tesseract-ocr-eng)", e.Problem);
    }

    [Fact]
    public void ImageReader_TesseractHangs_KilledAtTheTimeLimit()
    {
        using var fake = new FakeTesseract();
        var options = With(OcrOptions.Default with { TesseractCommand = fake.Path, PageTimeoutSeconds = 1 });
        var e = Assert.Throws<DocumentReadException>(() => ReaderTestSupport.Bounded(() => DocumentReaders.Read(SmallPng, "slow.png", options)));
        Assert.Contains("tesseract ran over 1 s and was killed", e.Problem);
    }

    [Fact]
    public void ImageReader_LanguagePackMissing_NamesTheDebianPackage()
    {
        using var fake = new FakeTesseract();
        var options = With(OcrOptions.Default with { TesseractCommand = fake.Path, Languages = "eng+chi_tra" });
        var e = Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(SmallPng, "letter.png", options));
        Assert.Contains("the OCR language pack 'chi_tra' is not installed (apt install tesseract-ocr-chi-tra); installed: eng", e.Problem);
    }

    [Fact]
    public void ImageReader_OcrOff_RefusedSayingSo()
    {
        var e = Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(SmallPng, "letter.png", With(OcrOptions.Default with { Mode = OcrMode.Off })));
        Assert.Contains("OCR is off", e.Problem);
    }
}
