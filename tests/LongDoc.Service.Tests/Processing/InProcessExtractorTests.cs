using LongDoc.Service.Processing;
using LongDoc.Testing.Documents;

namespace LongDoc.Service.Tests.Processing;

/// <summary>Extraction:InProcess=true has no child to lose: a hostile PDF must be bad input, not the end of the service.</summary>
public sealed class InProcessExtractorTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-inprocess-");
    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Extract_PdfWithReferenceLoop_IsPermanentBadInputNotAStackOverflow()
    {
        var path = Path.Combine(_dir.FullName, "loop.pdf");
        File.WriteAllBytes(path, PdfObjectFiles.MutualReferences());
        var e = await Assert.ThrowsAsync<ExtractionException>(() => new InProcessExtractor(new ExtractionOptions()).ExtractJsonAsync(path, default));
        Assert.Equal(ExtractionFailure.BadInput, e.Failure);
        Assert.True(e.Permanent);
        Assert.Equal($"{path}: malformed PDF: object 5 refers to itself through object 6 (a cycle in the object graph)", e.Message);
    }
}
