using Format = LongDoc.Documents.DocumentFormat;
using LongDoc.Service.Http;

namespace LongDoc.Service.Tests.Http;

public sealed class UploadNameTests
{
    [Fact]
    public void StoredFile_EveryDocumentFormat_HasItsOwnExtension()
    {
        var files = Enum.GetValues<Format>().Select(UploadName.StoredFile).ToArray();
        Assert.Equal(files.Length, files.Distinct().Count());
        Assert.Equal("upload.pptx", UploadName.StoredFile(Format.Pptx));
        Assert.Equal("upload.eml", UploadName.StoredFile(Format.Eml));
    }
}
