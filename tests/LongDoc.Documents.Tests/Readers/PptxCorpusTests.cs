using LongDoc.Documents.Readers;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>PPTX files from python-pptx's acceptance tests (MIT, TestData/pptx/LICENSE-python-pptx.txt): made by PowerPoint, not by us.</summary>
public class PptxCorpusTests
{
    static Document Read(string name) => DocumentReaders.ReadFile(DataPath("pptx", name));

    [Fact]
    public void Pptx_PowerPointNotes_BodyKeptSlideNumberPlaceholderLeftOut()
    {
        var doc = Read("sld-notes.pptx");
        Assert.Equal(2, doc.PageCount);
        var notes = doc.Blocks.Where(b => b.Section.Contains("Speaker notes")).Select(b => (b.Text, b.FirstPage));
        Assert.Equal([("Notes", 1)], notes);
        AssertSpans(doc);
    }

    [Fact]
    public void Pptx_PowerPointTable_ThreeByThreeCells()
    {
        var doc = Read("tbl-cell.pptx");
        var table = doc.Blocks.Single(b => b.Kind == BlockKind.Table && b.FirstPage == 3);
        Assert.Equal([["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]], table.Rows);
    }

    [Fact]
    public void Pptx_PowerPointTextAndGroups_ReadWithoutErrors()
    {
        var text = Read("txt-text.pptx");
        Assert.Contains(text.Blocks, b => b.FirstPage == 2 && b.Text.Contains("Text run in table cell"));
        Assert.Contains("yahoo.com", text.Text);
        var groups = Read("shp-groupshape.pptx");
        Assert.Equal(1, groups.PageCount);
    }
}
