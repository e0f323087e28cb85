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
}
