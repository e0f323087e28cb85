using System.Buffers.Binary;
using System.Text;
using LongDoc.Documents.Readers;
using static LongDoc.Documents.Tests.Readers.DocxTestPackages;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>Hostile or broken DOCX input: each is one clear <see cref="DocumentReadException"/>, quickly.</summary>
public class DocxMalformedTests
{
    static DocumentReadException Fails(byte[] bytes, ReadOptions? options = null, string name = "bad.docx") =>
        Bounded(() => Assert.Throws<DocumentReadException>(() => new DocxDocumentReader().Read(bytes, name, options ?? ReadOptions.Default)));

    /// <summary>A package whose document.xml is <paramref name="megabytes"/> MiB of zeros: compresses about 1000:1.</summary>
    static byte[] ZipBomb(int megabytes) =>
        Zip([("[Content_Types].xml", "<Types/>"u8.ToArray()), ("word/document.xml", new byte[megabytes << 20])]);

    [Fact]
    public void Docx_ZeroBytes_SaysEmpty()
    {
        Assert.Contains("empty", Fails([]).Problem);
        var viaSniffer = Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(Array.Empty<byte>(), "empty.docx"));
        Assert.Equal("empty.docx", viaSniffer.File);
    }

    [Fact]
    public void Docx_ZipBomb_RejectedByCompressionRatio()
    {
        var bytes = ZipBomb(16);
        Assert.True(bytes.Length < 1 << 20, "the bomb itself is small");
        var e = Fails(bytes, name: "bomb.docx");
        Assert.Contains("zip bomb", e.Problem);
        Assert.Contains("word/document.xml", e.Problem);
        Assert.Equal("bomb.docx", Bounded(() => Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(bytes, "bomb.docx"))).File);
    }

    [Fact]
    public void Docx_TotalUncompressedOverLimit_Rejected()
    {
        var options = ReadOptions.Default with { MaxZipUncompressedBytes = 1 << 20, MaxZipCompressionRatio = 1e9 };
        Assert.Contains("uncompressed bytes", Fails(ZipBomb(2), options).Problem);
    }

    [Fact]
    public void Docx_EntryLyingAboutItsSize_ReadNoFurtherThanDeclared()
    {
        var bytes = ZipBomb(8);
        // Declare 1000 bytes in both the local header (offset 22) and the central directory (offset 24):
        // the declared-size checks pass. Inflation stops at the declared size (ZipGuard counts, and .NET's
        // entry stream also stops there), so the part is read cut short: an error, never 8 MiB of output.
        PatchSizes(bytes, "word/document.xml", 1000);
        var e = Fails(bytes);
        Assert.Equal("bad.docx", e.File);
    }

    [Fact]
    public void Docx_TooManyEntries_Rejected()
    {
        var options = ReadOptions.Default with { MaxZipEntries = 2 };
        Assert.Contains("entries", Fails(Make(P("x")), options).Problem);
    }

    [Fact]
    public void Docx_PartOverMaxCharacters_Rejected()
    {
        var options = ReadOptions.Default with { MaxCharactersInPart = 200 };
        var e = Fails(Make(string.Concat(Enumerable.Repeat(P("A long paragraph of body text."), 20))), options);
        Assert.Contains("200", e.Problem);
    }

    [Fact]
    public void Docx_NotAZip_SaysSo()
    {
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        Assert.Contains("zip", Fails(garbage).Problem);
        // Through the sniffer, binary garbage named .docx is refused before any reader runs.
        var e = Bounded(() => Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(garbage, "random.docx")));
        Assert.Contains("binary", e.Problem);
    }

    [Fact]
    public void Docx_TruncatedArchive_ClearError()
    {
        var bytes = Data("docx", "test.docx");
        var e = Bounded(() => Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(bytes.AsMemory(0, bytes.Length / 2), "cut.docx")));
        Assert.Equal("cut.docx", e.File);
    }

    [Fact]
    public void Docx_ZipWithoutWordPart_NotAWordDocument()
    {
        var zip = Zip([("word/other.xml", "<x/>"u8.ToArray())]);
        Assert.Contains("not a Word document", Fails(zip).Problem);
    }

    [Fact]
    public void Docx_DtdEntityExpansion_RefusedNotExpanded()
    {
        var laughs = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
            + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
            + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>&d;&d;&d;</w:t></w:r></w:p></w:body></w:document>";
        var good = Make(P("x"));
        var entries = ReadEntries(good).Select(e => e.Name == "word/document.xml" ? (e.Name, Encoding.UTF8.GetBytes(laughs)) : e);
        Fails(Zip(entries));
    }

    static IEnumerable<(string Name, byte[] Bytes)> ReadEntries(byte[] zip)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        return archive.Entries.Select(e => { using var s = e.Open(); var ms = new MemoryStream(); s.CopyTo(ms); return (e.FullName, ms.ToArray()); }).ToArray();
    }

    static void PatchSizes(byte[] zip, string entry, uint size)
    {
        var name = Encoding.ASCII.GetBytes(entry);
        for (int i = 0; i + 46 < zip.Length; i++)
        {
            if (zip.AsSpan(i, 4).SequenceEqual("PK\x03\x04"u8) && zip.AsSpan(i + 30).StartsWith(name))
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
            if (zip.AsSpan(i, 4).SequenceEqual("PK\x01\x02"u8) && zip.AsSpan(i + 46).StartsWith(name))
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
        }
    }
}
