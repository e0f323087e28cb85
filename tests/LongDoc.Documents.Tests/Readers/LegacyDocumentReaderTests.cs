using System.Security.Cryptography;
using LongDoc.Documents.Readers;
using Xunit.Abstractions;
using static LongDoc.Documents.Tests.Readers.OfficeTestPackages;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>
/// Legacy and OpenDocument formats through LibreOffice headless. The files in TestData/office were made by
/// LibreOffice from corpus documents (see its README); the conversions run here need soffice (see
/// <see cref="LibreOfficeRequirement"/>), the failure paths use a stand-in soffice script and need nothing.
/// </summary>
public class LegacyDocumentReaderTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("blk-paras-and-tables.doc", DocumentFormat.Doc)]
    [InlineData("blk-paras-and-tables.odt", DocumentFormat.Odt)]
    [InlineData("blk-paras-and-tables.rtf", DocumentFormat.Rtf)]
    public void Legacy_WordProcessorFiles_ReadThroughDocxWithTheirOwnFormatAndId(string name, DocumentFormat format)
    {
        if (!LibreOfficeRequirement.Available(output)) return;
        var doc = Bounded(() => DocumentReaders.ReadFile(DataPath("office", name)), seconds: 120);
        Assert.Equal(format, doc.Format);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Data("office", name))), doc.Id);
        Assert.Equal("Lorem ipsum dolor sit amet, consectetur adipiscing elit.", doc.Blocks[0].Text);
        Assert.Contains(doc.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Contains(doc.Warnings, w => w.Contains("converted to .docx by LibreOffice"));
        AssertSpans(doc);
    }

    [Theory]
    [InlineData("budget.xls", DocumentFormat.Xls)]
    [InlineData("budget.ods", DocumentFormat.Ods)]
    public void Legacy_Spreadsheets_CachedTotalsInTables(string name, DocumentFormat format)
    {
        if (!LibreOfficeRequirement.Available(output)) return;
        var doc = Bounded(() => DocumentReaders.ReadFile(DataPath("office", name)), seconds: 120);
        Assert.Equal(format, doc.Format);
        Assert.Equal(["Sum", "", "", "3"], doc.Blocks.First(b => b.Kind == BlockKind.Table).Rows![3]);
    }

    [Fact]
    public void Legacy_Odp_FourSlidesAsPages()
    {
        if (!LibreOfficeRequirement.Available(output)) return;
        var doc = Bounded(() => DocumentReaders.ReadFile(DataPath("office", "deck.odp")), seconds: 120);
        Assert.Equal((DocumentFormat.Odp, 4), (doc.Format, doc.PageCount));
        Assert.Contains(doc.Blocks, b => b.Text == "Hello, here is some text without a meaning." && b.FirstPage == 1);
    }

    [Fact]
    public void Legacy_PptMadeByLibreOffice_KeepsTitlesNotesAndHiddenSlides()
    {
        if (!LibreOfficeRequirement.Available(output)) return;
        var pptx = Pptx(
            new Slide(Title("Roadmap") + Body(1, null, "Ship the reader"), Notes: "Say when it ships"),
            new Slide(Title("Spare"), Hidden: true));
        var ppt = Bounded(() => ConvertWithLibreOffice(pptx, "deck.pptx", "ppt"), seconds: 120);
        var doc = Bounded(() => DocumentReaders.Read(ppt, "deck.ppt"), seconds: 120);
        Assert.Equal(DocumentFormat.Ppt, doc.Format);
        Assert.Equal(["Roadmap", "Speaker notes", "Spare (hidden slide)"], doc.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => b.Text));
        Assert.Contains(doc.Blocks, b => b.Text == "Say when it ships" && b.Section.Contains("Speaker notes"));
    }

    [Fact]
    public void Legacy_LibreOfficeMissing_ErrorNamesTheDebianPackage()
    {
        var options = ReadOptions.Default with { LibreOfficePath = "/nonexistent/soffice" };
        var e = Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(Data("office", "budget.xls"), "old.xls", options));
        Assert.Equal("old.xls", e.File);
        Assert.Contains("needs LibreOffice", e.Problem);
        Assert.Contains("apt-get install libreoffice-calc-nogui", e.Problem);
    }

    [Fact]
    public void Legacy_ConversionPastTheTimeLimit_StoppedWithAClearError()
    {
        using var fake = FakeSoffice.Write("sleep 60");
        var options = ReadOptions.Default with { LibreOfficePath = fake.Path, ConversionTimeout = TimeSpan.FromSeconds(1) };
        var e = Bounded(() => Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(Data("office", "blk-paras-and-tables.rtf"), "slow.rtf", options)));
        Assert.Contains("did not convert it within 1 s", e.Problem);
    }

    [Fact]
    public void Legacy_LibreOfficeFails_ExitCodeAndItsLastLine()
    {
        using var fake = FakeSoffice.Write("echo 'Error: source file could not be loaded' >&2; exit 3");
        var options = ReadOptions.Default with { LibreOfficePath = fake.Path };
        var e = Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(Data("office", "blk-paras-and-tables.rtf"), "bad.rtf", options));
        Assert.Equal("LibreOffice failed with exit code 3: Error: source file could not be loaded", e.Problem);
    }

    [Fact]
    public void Legacy_Conversion_PrivateProfileAndFolderRemovedAfterwards()
    {
        // The stand-in records its arguments and writes nothing: "could not convert", and the private folder is gone.
        var log = Path.Combine(Path.GetTempPath(), $"soffice-args-{Guid.NewGuid():N}.txt");
        using var fake = FakeSoffice.Write($"printf '%s\\n' \"$@\" > {log}");
        try
        {
            var options = ReadOptions.Default with { LibreOfficePath = fake.Path };
            var e = Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(Data("office", "blk-paras-and-tables.rtf"), "x.rtf", options));
            Assert.Contains("could not convert it to .docx", e.Problem);
            var args = File.ReadAllLines(log);
            var outdir = args[Array.IndexOf(args, "--outdir") + 1];
            var folder = Path.GetDirectoryName(outdir)!;
            Assert.Contains(args, a => a == "-env:UserInstallation=" + new Uri(Path.Combine(folder, "profile")).AbsoluteUri);
            Assert.Contains("--headless", args);
            Assert.Equal(Path.Combine(folder, "document.rtf"), args[^1]);
            Assert.False(Directory.Exists(folder), "the private conversion folder is removed");
        }
        finally { File.Delete(log); }
    }

    [Fact]
    public void Legacy_GarbageWithWordStreamName_ReadOrClearErrorNeverCrash()
    {
        // LibreOffice may salvage such bytes as text or give up; either way the result is a document or one clear error.
        if (!LibreOfficeRequirement.Available(output)) return;
        byte[] garbage = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. System.Text.Encoding.Unicode.GetBytes("WordDocument"), .. new byte[2000]];
        var outcome = Bounded(() => Record.Exception(() => DocumentReaders.Read(garbage, "broken.doc")), seconds: 120);
        Assert.True(outcome is null || (outcome is DocumentReadException e && e.File == "broken.doc"), $"unexpected {outcome}");
    }

    static byte[] ConvertWithLibreOffice(byte[] bytes, string name, string target)
    {
        var dir = Directory.CreateTempSubdirectory("longdoc-test-convert-");
        try
        {
            var input = Path.Combine(dir.FullName, name);
            File.WriteAllBytes(input, bytes);
            var start = new System.Diagnostics.ProcessStartInfo("soffice") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { $"-env:UserInstallation={new Uri(Path.Combine(dir.FullName, "profile")).AbsoluteUri}", "--headless", "--convert-to", target, "--outdir", dir.FullName, input })
                start.ArgumentList.Add(a);
            using var p = System.Diagnostics.Process.Start(start)!;
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return File.ReadAllBytes(Path.ChangeExtension(input, target));
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>An executable shell script standing in for soffice.</summary>
    sealed class FakeSoffice : IDisposable
    {
        public string Path { get; }
        FakeSoffice(string path) => Path = path;

        public static FakeSoffice Write(string body)
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fake-soffice-{Guid.NewGuid():N}");
            File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return new FakeSoffice(path);
        }

        public void Dispose() => File.Delete(Path);
    }
}
