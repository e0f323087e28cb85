using LongDoc.Documents.Readers.Ocr;

namespace LongDoc.Documents.Tests.Readers.Ocr;

public class TesseractTsvTests
{
    const string Tsv = """
        level	page_num	block_num	par_num	line_num	word_num	left	top	width	height	conf	text
        1	1	0	0	0	0	0	0	2481	3508	-1	
        2	1	1	0	0	0	376	101	1869	35	-1	
        5	1	1	1	1	1	376	108	18	27	96.989891	Geometrie
        5	1	1	1	1	2	1811	108	57	27	92.5	und
        5	1	1	1	1	3	1900	108	57	27	95.0	 
        1	2	0	0	0	0	0	0	1000	2000	-1	
        5	2	3	2	4	1	10	20	30	40	-1	Topologie
        """;

    [Fact]
    public void TesseractTsv_WordRows_BecomeWordsPerPageWithBoxesAndConfidence()
    {
        var pages = TesseractTsv.Parse(Tsv.Replace("\r", ""));
        Assert.Equal(2, pages.Count);
        Assert.Equal((2481, 3508), (pages[0].Width, pages[0].Height));
        // The blank word row is dropped; the header row is skipped.
        Assert.Equal(["Geometrie", "und"], pages[0].Words.Select(w => w.Text));
        Assert.Equal(new OcrWord(1, 1, 1, 1, 376, 108, 18, 27, 96.989891, "Geometrie"), pages[0].Words[0]);
        Assert.Equal(94.74, pages[0].Confidence, 2);
        // Tesseract's -1 ("no confidence") counts as 0.
        Assert.Equal(new OcrWord(2, 3, 2, 4, 10, 20, 30, 40, 0, "Topologie"), pages[1].Words.Single());
    }
}
