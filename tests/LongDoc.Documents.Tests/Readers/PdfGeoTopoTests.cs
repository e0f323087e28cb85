using System.Diagnostics;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>Reads the 117-page lecture script once for all tests in this class.</summary>
public sealed class GeoTopoFixture
{
    public Document Doc { get; }
    public TimeSpan Elapsed { get; }

    public GeoTopoFixture()
    {
        var sw = Stopwatch.StartNew();
        Doc = PdfTestFiles.Read(PdfTestFiles.GeoTopo);
        Elapsed = sw.Elapsed;
    }
}

public class PdfGeoTopoTests(GeoTopoFixture geo) : IClassFixture<GeoTopoFixture>
{
    [Fact]
    public void PdfReader_GeoTopo_Has117PagesAndTheInfoTitle()
    {
        Assert.Equal(117, geo.Doc.PageCount);
        Assert.Equal(PdfTestFiles.ExpectedPages(PdfTestFiles.GeoTopo), geo.Doc.PageCount);
        Assert.Equal("Geometrie und Topologie", geo.Doc.Title);
    }

    [Fact]
    public void PdfReader_GeoTopo_ChaptersAreLevel1AndSectionsLevel2()
    {
        var headings = geo.Doc.Blocks.Where(b => b.Kind == BlockKind.Heading).ToList();
        var chapter = headings.Single(h => h.Text == "1 Topologische Grundbegriffe");
        Assert.Equal(1, chapter.Level);
        var section = headings.Single(h => h.Text == "1.3 Stetigkeit");
        Assert.Equal(2, section.Level);
        Assert.Equal(["1 Topologische Grundbegriffe"], section.Section);
        // A chapter title set on two lines is one heading.
        Assert.Equal(1, headings.Single(h => h.Text == "2 Mannigfaltigkeiten und Simplizialkomplexe").Level);
    }

    [Fact]
    public void PdfReader_GeoTopo_RunningTitlesAndPageNumbersAreFurniture()
    {
        Assert.Contains(geo.Doc.Furniture, f => f.Kind == BlockKind.Header && f.Text == "1.3. STETIGKEIT");
        Assert.DoesNotContain("1.3. STETIGKEIT", geo.Doc.Text);
        Assert.True(geo.Doc.Furniture.Count >= 100, $"furniture blocks: {geo.Doc.Furniture.Count}");
    }

    [Fact]
    public void PdfReader_GeoTopo_ExtractsDefinitionText()
    {
        Assert.Contains("Definition 1 Ein topologischer Raum ist ein Paar", geo.Doc.Text);
        Assert.Contains(geo.Doc.Blocks, b => b.Kind == BlockKind.Caption && b.Text.StartsWith("Abbildung 3.1:"));
    }

    [Fact]
    public void PdfReader_GeoTopo_ReadsWithinTimeBound()
    {
        // A hang guard, not a benchmark: the measured time is ~3 s of CPU; the bound leaves room for a busy machine.
        Assert.True(geo.Elapsed < TimeSpan.FromSeconds(60), $"took {geo.Elapsed.TotalSeconds:F1} s");
    }
}
