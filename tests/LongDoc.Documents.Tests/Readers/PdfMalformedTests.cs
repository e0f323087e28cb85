using System.Text;
using LongDoc.Documents.Readers;
using LongDoc.Documents.Readers.Pdf;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>Broken and hostile inputs: each gives a clear error or a read with a warning; none crashes or hangs.</summary>
public class PdfMalformedTests
{
    static Document Read(byte[] bytes, string name = "input.pdf") => PdfTestFiles.Bounded(() => DocumentReaders.Read(bytes, name), seconds: 30);

    static DocumentReadException Fails(byte[] bytes, string name = "input.pdf") =>
        PdfTestFiles.Bounded(() => Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(bytes, name)), seconds: 30);

    [Fact]
    public void PdfReader_ZeroBytes_ThrowsEmpty()
    {
        var e = Fails([], "empty.pdf");
        Assert.Equal("empty.pdf", e.File);
        Assert.Contains("empty", e.Problem);
    }

    [Fact]
    public void PdfReader_TruncatedPdf_ThrowsDamaged()
    {
        var whole = File.ReadAllBytes(PdfTestFiles.PathOf(PdfTestFiles.FourPages));
        var e = Fails(whole[..(whole.Length / 2)], "truncated.pdf");
        Assert.Contains("PDF", e.Problem);
        Assert.Contains("damaged or truncated", e.Problem);
    }

    [Fact]
    public void PdfReader_RandomBytesNamedPdf_ThrowsNotAFormat()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        var e = Fails(bytes, "random.pdf");
        Assert.Contains("binary content", e.Problem);
    }

    [Fact]
    public void PdfReader_PdfHeaderThenRandomBytes_ThrowsDamaged()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        "%PDF-1.4\n"u8.CopyTo(bytes);
        var e = Fails(bytes, "garbage.pdf");
        Assert.Contains("damaged or truncated", e.Problem);
    }

    [Fact]
    public void PdfReader_SelfReferencingOutline_ReadsTextAndWarns()
    {
        var doc = Read(PdfGeneratedFiles.SelfReferencingOutline());
        Assert.Contains(PdfGeneratedFiles.Phrase, doc.Text);
        Assert.Contains(doc.Warnings, w => w.Contains("outline") && w.Contains("cycle"));
    }

    [Fact]
    public void PdfReader_NameTreeListingItself_ThrowsCycleNamingTheObject()
    {
        var e = Fails(PdfGeneratedFiles.SelfListingNameTree(), "names.pdf");
        Assert.Contains("cycle", e.Problem);
        Assert.Contains("object 6", e.Problem);
    }

    [Fact]
    public void PdfReader_NameTreeCycleInsideCompressedObjectStream_ThrowsCycle()
    {
        // The same file rewritten by qpdf --object-streams=generate: the looping node sits in a Flate object stream.
        var bytes = File.ReadAllBytes(PdfTestFiles.PathOf("generated-names-kids-self-objstm.pdf"));
        Assert.Contains("cycle", Fails(bytes).Problem);
    }

    [Theory]
    [InlineData("242:90")]          // fuzz seed 2 case 4415: one byte of the deflate data changed
    [InlineData("252:FB,430:6D")]   // fuzz seed 2 case 4036: two bits flipped
    [InlineData("98:2D")]           // fuzz seed 5 case 2735: the zlib header's first byte
    [InlineData("289:C2")]          // fuzz seed 5 case 14618: the looping node's /Kids array loses its "]"
    public void PdfReader_NameTreeCycleInDamagedObjectStream_ThrowsCycle(string patches)
    {
        // The object stream then fails zlib's header or checksum check, which PdfPig does not make: it still found the
        // loop and overflowed the stack, while the guard's strict inflate gave up and saw nothing.
        var bytes = File.ReadAllBytes(PdfTestFiles.PathOf("generated-names-kids-self-objstm.pdf"));
        foreach (var patch in patches.Split(','))
            bytes[int.Parse(patch.Split(':')[0])] = Convert.ToByte(patch.Split(':')[1], 16);
        Assert.Contains("is among its own /Kids", Fails(bytes).Problem);
    }

    [Theory]
    [InlineData("2147483647")]    // fuzz seed 3 case 1732: PdfPig put the row on the stack and overflowed it
    [InlineData("-2147483648")]   // fuzz seed 4 case 99
    [InlineData("65536")]
    [InlineData("-1")]
    public void PdfReader_XrefStreamFieldWidthOutsideZeroToEight_ThrowsNamingTheWidth(string width)
    {
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(PdfTestFiles.PathOf(PdfTestFiles.Minimal)));
        Assert.Contains("/W [1 2 1]", text);
        var e = Fails(Encoding.Latin1.GetBytes(text.Replace("/W [1 2 1]", $"/W [1 {width} 1]")));
        Assert.Contains($"field width of {width} bytes in /W", e.Problem);
    }

    [Theory]
    [InlineData("/Size 14", "/Size 1e308", "/Size 1e308")]        // fuzz seed 5 case 13569: PdfPig listed the numbers for minutes
    [InlineData("/Size 14", "/Size 99999999", "/Size 99999999")]
    [InlineData("/Index [0 14]", "/Index [0 99999999]", "99999999 in /Index")]
    public void PdfReader_XrefStreamListingTooManyObjects_ThrowsNamingTheCount(string from, string to, string named)
    {
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(PdfTestFiles.PathOf(PdfTestFiles.Minimal)));
        Assert.Contains(from, text);
        var e = Fails(Encoding.Latin1.GetBytes(text.Replace(from, to)));
        Assert.Contains(named, e.Problem);
    }

    [Fact]
    public void PdfReader_XrefStreamOfNormalWidths_Reads() => Assert.True(Read(File.ReadAllBytes(PdfTestFiles.PathOf(PdfTestFiles.Minimal))).PageCount > 0);

    [Fact]
    public void PdfReader_ObjectStreamWhoseDictionaryLostItsType_StillScannedForCycles()
    {
        // Fuzz seed 5 case 15152: "/Type /ObjStm" and "/First 27" ended up in different objects; PdfPig still read
        // the stream (and overflowed on the loop inside), so the guard takes /First alone as the mark of an object stream.
        var bytes = File.ReadAllBytes(PdfTestFiles.PathOf("fuzz-objstm-dictionary-spliced.pdf"));
        Assert.Contains("is among its own /Kids", Fails(bytes).Problem);
    }

    [Theory]
    [InlineData("8 -2147483648 obj /Filter")]   // fuzz seed 6 case 3271
    [InlineData("2147483648 0 obj /Filter")]    // fuzz seed 6 case 4653
    [InlineData("8 0 obb /Filter")]             // fuzz seed 6 case 2559
    public void PdfReader_ObjectStreamWithBrokenObjectHeader_StillScannedForCycles(string header)
    {
        // PdfPig reads object 1's dictionary across the broken "8 0 obj" to the stream: the guard finds object
        // streams by their "stream" keyword and the dictionary just before it, not by "N G obj".
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(PdfTestFiles.PathOf("fuzz-objstm-dictionary-spliced.pdf")));
        Assert.Contains("8 0 obj /Filter", text);
        Assert.Contains("is among its own /Kids", Fails(Encoding.Latin1.GetBytes(text.Replace("8 0 obj /Filter", header))).Problem);
    }

    [Theory]
    [InlineData("<2147483648> <3B> <0028>")]   // fuzz seed 6 case 1324: PdfPig walked the range for minutes
    [InlineData("<00000000> <FFFFFFFF> <0028>")]
    public void PdfReader_CMapRangeTooWide_ThrowsNamingTheRange(string range)
    {
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(PdfTestFiles.PathOf(PdfTestFiles.MistitledOutline)));
        Assert.Contains("<28> <3B> <0028>", text);
        var e = Fails(Encoding.Latin1.GetBytes(text.Replace("<28> <3B> <0028>", range)));
        Assert.Contains("CMap's bfrange", e.Problem);
    }

    [Fact]
    public void PdfReader_OutlineDeeperThanLimit_ReadsTextAndWarns()
    {
        var doc = Read(PdfGeneratedFiles.DeepOutline(depth: 100));
        Assert.Contains(PdfGeneratedFiles.Phrase, doc.Text);
        Assert.Contains(doc.Warnings, w => w.Contains("outline") && w.Contains("deeper"));
    }

    [Fact]
    public void PdfReader_ShallowOutline_IsUsedWithoutWarning()
    {
        var doc = Read(PdfGeneratedFiles.DeepOutline(depth: 3));
        Assert.DoesNotContain(doc.Warnings, w => w.Contains("outline"));
    }

    public static TheoryData<string> SelfReferencingGraphs => ["form", "pagetree"];

    [Theory]
    [MemberData(nameof(SelfReferencingGraphs))]
    public void PdfReader_SelfReferencingObjectGraph_ReadsThePage(string kind)
    {
        var bytes = kind switch
        {
            "form" => PdfGeneratedFiles.SelfDrawingForm(),
            _ => PdfGeneratedFiles.SelfListingPageTree(),
        };
        var doc = Read(bytes);
        Assert.Equal(1, doc.PageCount);
        Assert.Contains("Hello", doc.Text);
    }

    [Fact]
    public void PdfReader_MutuallyReferringObjects_ThrowsOneLineNamingTheLoop()
    {
        var e = Fails(PdfGeneratedFiles.MutualReferences(), "mutual.pdf");
        Assert.Equal("mutual.pdf", e.File);
        Assert.Equal("malformed PDF: object 5 refers to itself through object 6 (a cycle in the object graph)", e.Problem);
        Assert.DoesNotContain('\n', e.Message);
    }

    public static TheoryData<string, string> LoopingReferences()
    {
        var data = new TheoryData<string, string>();
        foreach (var use in PdfGeneratedFiles.LoopUses.Keys)
            foreach (var loop in PdfGeneratedFiles.Loops.Keys) data.Add(use, loop);
        return data;
    }

    [Theory]
    [MemberData(nameof(LoopingReferences))]
    public void PdfReader_ReferenceLoop_ThrowsCycleInsteadOfOverflowing(string use, string loop)
    {
        var e = Fails(PdfGeneratedFiles.Looping(use, loop), "loop.pdf");
        Assert.StartsWith("malformed PDF: object 6 refers to itself", e.Problem);
    }

    [Fact]
    public void PdfReader_ReferenceChainLongerThanLimit_ThrowsDeep()
    {
        var e = Fails(PdfGeneratedFiles.ReferenceChain(links: PdfGraphGuard.MaxDepth + 50));
        Assert.Contains("chain of references to references deeper than", e.Problem);
    }

    [Fact]
    public void PdfReader_ShortReferenceChain_ReadsThePage()
    {
        var doc = Read(PdfGeneratedFiles.ReferenceChain(links: 3));
        Assert.Contains(PdfGeneratedFiles.Phrase, doc.Text);
    }

    [Fact]
    public void PdfReader_NestingDeeperThanPdfPigLimit_ThrowsDamaged()
    {
        var e = Fails(PdfGeneratedFiles.DeeplyNestedInfo(depth: 2000));
        Assert.Contains("nesting depth", e.Problem);
    }

    [Fact]
    public void PdfReader_PlainGeneratedFile_ReadsThePhrase()
    {
        var doc = Read(PdfGeneratedFiles.Plain());
        Assert.Equal(PdfGeneratedFiles.Phrase, Assert.Single(doc.Blocks).Text);
    }
}
