using LongDoc.Documents;
using LongDoc.Tasks.Structure;

namespace LongDoc.Tasks.Tests.Structure;

public class ApparatusTests
{
    // Lines as PdfPig reads them from the GeoTopo script (corpus, pp. 75, 109, 116-117) and from other documents' shapes.
    [Theory]
    [InlineData("vanishing set, 26 Vektorprodukt, siehe Kreuzprodukt Verklebung, 26", BlockKind.Paragraph, ApparatusKind.Index)]
    [InlineData("Tangentialebene, 89, 89–90 Teilraum, 4 Teilraumtopologie, 4 Teilsimplex, 34 Topologie diskrete, 2, 6", BlockKind.Paragraph, ApparatusKind.Index)]
    [InlineData("Torus, iii, 5, 38, 51, 93 Total Unzusammenhängend, 100", BlockKind.Paragraph, ApparatusKind.Index)]
    [InlineData("Abb. 4.7a Sphärisches Dreieck: Dominique Toussaint, commons.wikimedia.org/wiki/File:Spherical_triangle_3d_opti.png", BlockKind.Caption, ApparatusKind.Credits)]
    [InlineData("4.7a Sphärisches Dreieck: Dominique Toussaint, commons.wikimedia.org/wiki/File:Spherical_triangle_3d_opti.png", BlockKind.Caption, ApparatusKind.Credits)]
    [InlineData("Figure 3 Station at dusk, photo by A. Berg, https://example.org/photos/3", BlockKind.Paragraph, ApparatusKind.Credits)]
    [InlineData(") \\MQA = \\MRP = \\QRP = \\P RQ.", BlockKind.Paragraph, ApparatusKind.Formula)]
    [InlineData("x = 2 (a + b) / (c - 1) ≤ 4", BlockKind.Paragraph, ApparatusKind.Formula)]
    [InlineData("A C P (M ) M @M M A B Kreuzprodukt A B Teilmengenbeziehung A ( B echte Teilmengenbeziehung", BlockKind.Paragraph, ApparatusKind.Formula)]
    [InlineData("f : S 1 ,! R 2 Einbettung der Kreislinie in die Ebene 1 (X; x) Fix(f ) k k 2", BlockKind.Paragraph, ApparatusKind.Formula)]
    [InlineData("2.3 Simplizialkomplex . . . . . . . . . . . . . . 34", BlockKind.Paragraph, ApparatusKind.Contents)]
    [InlineData("Introduction .......... 1", BlockKind.Paragraph, ApparatusKind.Contents)]
    public void Apparatus_ShapeOfText_IsKind(string text, BlockKind kind, ApparatusKind expected) =>
        Assert.Equal(expected, Apparatus.Of(text, kind, ["4 Euklidische und nichteuklidische Geometrie"]));

    // Content that looks a little like apparatus stays content.
    [Theory]
    [InlineData("Revenue rose 12% to 4.2m in 2025, 18 months after the station opened.")]
    [InlineData("In 2024, 12 stations reported, and in 2025, 14 did.")]
    [InlineData("Dieses Argument funktioniert nicht mehr bei flächenfüllenden Wegen, die ganz [0, 1]² überdecken.")]
    [InlineData("The full dataset is published at data.example.org/vellmark under an open licence, with a changelog, a schema and the scripts that produced every table in this report.")]
    [InlineData("Sei (X; d; G) eine Geometrie mit den Axiomen §1 - §4.")]
    [InlineData("Let A and B be sets with a map from A to B.")]
    [InlineData("Il y a 3 gares à Lyon et à Paris.")]
    public void Apparatus_ContentSentence_IsNone(string text) =>
        Assert.Equal(ApparatusKind.None, Apparatus.Of(text, BlockKind.Paragraph, ["1 Introduction"]));

    [Theory]
    [InlineData("Inhaltsverzeichnis", ApparatusKind.Contents)]
    [InlineData("Table of Contents", ApparatusKind.Contents)]
    [InlineData("Abkürzungsverzeichnis", ApparatusKind.Contents)]
    [InlineData("7 Literatur", ApparatusKind.References)]
    [InlineData("References:", ApparatusKind.References)]
    [InlineData("Bibliographie", ApparatusKind.References)]
    [InlineData("参考文献", ApparatusKind.References)]
    [InlineData("Index", ApparatusKind.Index)]
    [InlineData("Stichwortverzeichnis", ApparatusKind.Index)]
    [InlineData("Bildquellen", ApparatusKind.Credits)]
    [InlineData("Image credits", ApparatusKind.Credits)]
    [InlineData("Indexing strategy", ApparatusKind.None)]
    [InlineData("References to the station in the press", ApparatusKind.None)]
    public void Apparatus_SectionHeading_IsKind(string heading, ApparatusKind expected) =>
        Assert.Equal(expected, Apparatus.OfSection(["Appendix", heading]));

    [Fact]
    public void Apparatus_SentenceUnderReferencesHeading_IsReferences() =>
        Assert.Equal(ApparatusKind.References,
            Apparatus.Of("Bär, C. Elementare Differentialgeometrie. De Gruyter, Berlin, 2010.", BlockKind.ListItem, ["Literatur"]));
}
