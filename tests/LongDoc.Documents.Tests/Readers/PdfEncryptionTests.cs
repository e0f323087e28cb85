using System.Text;
using LongDoc.Documents.Readers;

namespace LongDoc.Documents.Tests.Readers;

public class PdfEncryptionTests
{
    [Fact]
    public void PdfReader_UserPasswordWithoutPassword_ThrowsEncryptedNamingTheFile()
    {
        var e = Assert.Throws<DocumentReadException>(() => PdfTestFiles.Read(PdfTestFiles.UserPassword));
        Assert.Contains("encrypted", e.Problem);
        Assert.Contains("--password", e.Problem);
        Assert.EndsWith(PdfTestFiles.UserPassword, e.File);
    }

    [Fact]
    public void PdfReader_UserPasswordWrongPassword_ThrowsPasswordNotCorrect()
    {
        var e = Assert.Throws<DocumentReadException>(() => PdfTestFiles.Read(PdfTestFiles.UserPassword, new ReadOptions { Password = "not-it" }));
        Assert.Contains("encrypted", e.Problem);
        Assert.Contains("not correct", e.Problem);
    }

    [Fact]
    public void PdfReader_UserPasswordGiven_ReadsTheText()
    {
        var doc = PdfTestFiles.Read(PdfTestFiles.UserPassword, new ReadOptions { Password = "openpassword" });
        Assert.Equal(PdfTestFiles.ExpectedPages(PdfTestFiles.UserPassword), doc.PageCount);
        Assert.Contains("Lorem ipsum dolor sit amet", doc.Text);
    }

    [Theory]
    [InlineData(PdfTestFiles.OwnerOnlyAes, 4, "Hello, here is some text without a meaning.")]
    [InlineData(PdfTestFiles.OwnerOnlyRc4, 1, "Lorem ipsum dolor sit amet")]
    public void PdfReader_OwnerPasswordOnly_ReadsWithoutPassword(string name, int pages, string phrase)
    {
        var doc = PdfTestFiles.Read(name);
        Assert.Equal(pages, doc.PageCount);
        Assert.Contains(phrase, doc.Text);
    }

    [Fact]
    public void PdfReader_GeneratedRc4File_ReadsTheText()
    {
        // The control for the test below: the generated encryption is right, so its streams decrypt to what was written.
        var doc = PdfTestFiles.Bounded(() => DocumentReaders.Read(PdfEncryptedFiles.WithToUnicodeRange(PdfEncryptedFiles.SaneRange), "rc4.pdf"));
        Assert.Contains(PdfEncryptedFiles.Phrase, doc.Text);
    }

    [Theory]
    [InlineData("<00000000> <FFFFFFFF> <0020>")]
    [InlineData("<2147483648> <7E> <0020>")]   // as fuzz seed 6 case 1324, here inside an encrypted stream (seed 7 case 121)
    public void PdfReader_CMapRangeTooWideInsideEncryptedStream_ThrowsNamingFileAndRange(string range)
    {
        var bytes = PdfEncryptedFiles.WithToUnicodeRange(range);
        Assert.DoesNotContain("bfrange", Encoding.Latin1.GetString(bytes));   // hidden from the raw-byte pre-flight
        var e = PdfTestFiles.Bounded(() => Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(bytes, "rc4.pdf")), seconds: 30);
        Assert.Equal("rc4.pdf", e.File);
        Assert.Equal($"malformed PDF: a CMap's bfrange {range[..range.LastIndexOf(' ')]} spans more than 65,536 codes or 4 bytes", e.Problem);
        Assert.DoesNotContain('\n', e.Message);
    }
}
