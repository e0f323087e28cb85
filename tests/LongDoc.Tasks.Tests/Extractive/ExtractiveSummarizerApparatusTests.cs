using LongDoc.Documents;
using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Structure;
using LongDoc.Tasks.Summaries;

namespace LongDoc.Tasks.Tests.Extractive;

/// <summary>
/// Extractive summaries of a real long document quote content, not apparatus: on the 117-page GeoTopo script
/// (corpus) the brief summary once quoted its image credits (p. 109), its index (p. 117) and a formula line (p. 75).
/// </summary>
public class ExtractiveSummarizerApparatusTests
{
    [Theory]
    [InlineData(SummaryStyle.Brief)]
    [InlineData(SummaryStyle.Bullets)]
    [InlineData(SummaryStyle.Outline)]
    public void Summarize_GeoTopo_QuotesNoApparatus(SummaryStyle style)
    {
        var document = Corpus.GeoTopo;
        var summary = ExtractiveSummarizer.Summarize(document, style);
        var points = summary.Sections.SelectMany(s => s.Points).ToList();
        Assert.NotEmpty(points);
        Assert.All(points, p =>
        {
            Assert.DoesNotContain("commons.wikimedia.org", p.Text);
            Assert.DoesNotContain("stackexchange.com", p.Text);
            Assert.DoesNotContain("\\", p.Text);
            Assert.DoesNotContain(", siehe ", p.Text);
            Assert.NotEqual(ApparatusKind.Index, Apparatus.Of(p.Text, BlockKind.Paragraph, []));
        });
        // Nothing from the image credits (p. 109) or the index (pp. 115-117).
        Assert.DoesNotContain(points, p => p.Page == 109 || p.Page >= 115);
    }

    [Fact]
    public void Summarize_GeoTopo_ApparatusStaysSearchable()
    {
        var answer = ExtractiveAnswerer.Ask(Corpus.GeoTopo, "Who made the Spherical_triangle_3d_opti image on commons.wikimedia.org?");
        Assert.True(answer.Found);
        Assert.Contains(answer.Citations, c => c.Page == 109 && c.Quote.Contains("Dominique Toussaint"));
    }
}
