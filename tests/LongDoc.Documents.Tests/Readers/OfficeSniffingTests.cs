using LongDoc.Documents.Readers;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>The office formats are told apart by content: the files are sniffed under a name without an extension.</summary>
public class OfficeSniffingTests
{
    [Theory]
    [InlineData("deck.pptx", DocumentFormat.Pptx)]
    [InlineData("budget.xlsx", DocumentFormat.Xlsx)]
    [InlineData("blk-paras-and-tables.doc", DocumentFormat.Doc)]
    [InlineData("blk-paras-and-tables.odt", DocumentFormat.Odt)]
    [InlineData("blk-paras-and-tables.rtf", DocumentFormat.Rtf)]
    [InlineData("budget.xls", DocumentFormat.Xls)]
    [InlineData("budget.ods", DocumentFormat.Ods)]
    [InlineData("deck.odp", DocumentFormat.Odp)]
    public void Sniff_LibreOfficeFiles_FormatFromContentAlone(string name, DocumentFormat format)
    {
        Assert.Equal(format, FormatSniffer.Sniff(Data("office", name), "file", out var reason));
        Assert.Null(reason);
    }

    [Fact]
    public void Sniff_PowerPointOleStream_Ppt()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[500], .. System.Text.Encoding.Unicode.GetBytes("PowerPoint Document")];
        Assert.Equal(DocumentFormat.Ppt, FormatSniffer.Sniff(ole, "x", out _));
    }

    [Fact]
    public void Sniff_PasswordProtectedOoxml_SaysSoInsteadOfLegacyAdvice()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[500], .. System.Text.Encoding.Unicode.GetBytes("EncryptedPackage")];
        Assert.Null(FormatSniffer.Sniff(ole, "secret.docx", out var reason));
        Assert.Contains("password-protected", reason);
    }

    [Fact]
    public void Sniff_CsvFromTestData_StaysText()
    {
        Assert.Equal(DocumentFormat.Text, FormatSniffer.Sniff(Data("office", "budget.csv"), "budget.csv", out _));
    }
}
