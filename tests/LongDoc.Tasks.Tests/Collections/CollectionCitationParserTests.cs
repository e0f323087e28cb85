using LongDoc.Tasks.Citations;

namespace LongDoc.Tasks.Tests.Collections;

public sealed class CollectionCitationParserTests
{
    [Fact]
    public void Parse_DocumentMarkers_EachCitationOnTheDocumentItNames()
    {
        var documents = CollectionSamples.Files.Select(Samples.Read).ToList();
        var citations = CitationParser.Parse(
            "Okonjo led it \"The drilling project was led by Dr. Amara Okonjo\" [D1, p. 13]. Bags: \"25 kilograms\" [D2 p. 1]. " +
            "Nothing \"from nowhere\" [D9, p. 1]. Plain \"page only\" [p. 3].", documents);
        Assert.Equal([0, 1], citations.Select(c => c.Document));
        Assert.Equal((13, "4 Glaciology > 4.2 Ice Core Drilling"), (citations[0].Citation.Page, citations[0].Citation.Section));
        Assert.Equal(("25 kilograms", 1), (citations[1].Citation.Quote, citations[1].Citation.Page));
    }

    [Fact]
    public void Parse_OneDocumentMarkers_CollectionMarkersIgnored()
    {
        var citations = CitationParser.Parse("Okonjo \"led by Dr. Amara Okonjo\" [D1, p. 13].", Samples.Read(Samples.Report));
        Assert.Empty(citations);
    }
}
