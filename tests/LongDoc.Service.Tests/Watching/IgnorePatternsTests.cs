using LongDoc.Service.Watching;

namespace LongDoc.Service.Tests.Watching;

public sealed class IgnorePatternsTests
{
    static readonly IgnorePatterns Defaults = new(new WatchOptions().Ignore);

    [Theory]
    [InlineData("report.pdf.tmp")]
    [InlineData("~$report.docx")]
    [InlineData(".hidden.md")]
    [InlineData("download.PART")]
    [InlineData(".git/objects/ab.pdf")]
    public void Ignores_TempPartialHidden_True(string path) => Assert.True(Defaults.Ignores(path));

    [Theory]
    [InlineData("report.pdf")]
    [InlineData("sub/dir/notes.md")]
    [InlineData("tmp/notes.md")]
    public void Ignores_OrdinaryDocument_False(string path) => Assert.False(Defaults.Ignores(path));
}
