using LongDoc.Documents.Readers;
using LongDoc.Documents.Readers.Images;
using LongDoc.Documents.Readers.Ocr;

namespace LongDoc.Documents.Tests.Readers.Images;

public class ImageHeaderTests
{
    // A tesseract that is not there: a test that got past the header check would fail with "not installed" instead.
    static readonly ReadOptions NoTesseract = ReadOptions.Default with { Ocr = OcrOptions.Default with { TesseractCommand = "/nonexistent/tesseract" } };

    static DocumentReadException ReadFails(byte[] bytes, string name) =>
        Assert.Throws<DocumentReadException>(() => ReaderTestSupport.Bounded(() => DocumentReaders.Read(bytes, name, NoTesseract)));

    [Theory]
    [InlineData(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, "PNG")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "JPEG")]
    [InlineData(new byte[] { (byte)'I', (byte)'I', 42, 0 }, "TIFF")]
    [InlineData(new byte[] { (byte)'M', (byte)'M', 0, 42 }, "TIFF")]
    public void FormatSniffer_ImageMagicBytes_AreImages(byte[] magic, string kind)
    {
        Assert.Equal(DocumentFormat.Image, FormatSniffer.Sniff([.. magic, 0, 0, 0, 0], "scan.dat", out _));
        Assert.Equal(kind, ImageHeader.Kind(magic));
    }

    [Fact]
    public void ImageHeader_PngOf30000By30000_RefusedByHeaderBeforeTesseract()
    {
        var e = ReadFails(TestImages.PngHeader(30000, 30000), "bomb.png");
        Assert.Equal("bomb.png", e.File);
        Assert.Contains("30000 x 30000 pixels (900,000,000), over the limit of 100,000,000; refused before decoding", e.Problem);
    }

    [Fact]
    public void ImageHeader_TiffOf10000Pages_RefusedOverThePageLimit()
    {
        var e = ReadFails(TestImages.Tiff(10_000), "pages.tif");
        Assert.Contains("more than 1,000 pages", e.Problem);
    }

    [Fact]
    public void ImageHeader_TiffWhosePageListLoops_Refused()
    {
        var e = ReadFails(TestImages.Tiff(3, loop: true), "loop.tif");
        Assert.Contains("page list loops", e.Problem);
    }

    [Fact]
    public void ImageHeader_TiffWithAHugeLaterPage_RefusedNamingThePage()
    {
        var tiff = TestImages.Tiff(2);
        // The second IFD's width entry value: 8 + 30 (first IFD) + 2 (count) + 8 (tag, type, count).
        BitConverter.GetBytes(200_000u).CopyTo(tiff, 8 + 30 + 2 + 8);
        BitConverter.GetBytes(200_000u).CopyTo(tiff, 8 + 30 + 14 + 8);
        var e = ReadFails(tiff, "late.tif");
        Assert.Contains("TIFF page 2", e.Problem);
    }

    [Fact]
    public void ImageHeader_TruncatedTiff_ClearError()
    {
        var e = ReadFails(TestImages.Tiff(1)[..12], "cut.tif");
        Assert.Contains("truncated", e.Problem);
    }

    [Fact]
    public void ImageHeader_Jpeg_SizeFromItsFrameHeader()
    {
        var info = ImageHeader.Read(TestImages.JpegHeader(640, 480), 100_000_000, 10);
        Assert.Equal(("JPEG", 640, 480, 1), (info.Kind, info.Width, info.Height, info.Pages));
    }

    [Fact]
    public void ImageHeader_PngWithoutIhdr_ClearError()
    {
        var e = ReadFails([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3], "damaged.png");
        Assert.Contains("no IHDR", e.Problem);
    }
}
