namespace LongDoc.Documents.Tests.Model;

public class BlockTests
{
    static readonly string Text = "The core was drilled to 412 metres and then sealed. It was opened in spring.";

    [Fact]
    public void PagesOf_PartOverTheRecordedBreak_GivesBothPages()
    {
        var block = new Block(BlockKind.Paragraph, 0, Text, [4, 5], [], 0, Text.Length, PageStarts: [0, 30]);
        Assert.Equal((4, 5), block.PagesOf(0, 52));
        Assert.Equal((5, 5), block.PagesOf(53, Text.Length));
        Assert.Equal((4, 4), block.PagesOf(0, 30));
    }

    [Fact]
    public void PagesOf_BlockOverTwoPagesWithoutStarts_MidpointDecides()
    {
        var block = new Block(BlockKind.Paragraph, 0, new string('x', 100), [4, 5], [], 0, 100);
        Assert.Equal((4, 4), block.PagesOf(0, 40));
        Assert.Equal((5, 5), block.PagesOf(60, 100));
    }

    [Fact]
    public void PagesOf_BlockOnOnePage_GivesThatPage()
    {
        var block = new Block(BlockKind.Paragraph, 0, Text, [7], [], 0, Text.Length);
        Assert.Equal((7, 7), block.PagesOf(0, Text.Length));
    }
}
