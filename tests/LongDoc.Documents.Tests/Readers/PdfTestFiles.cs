using System.Text.Json;
using LongDoc.Documents.Readers;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>The PDF test data (TestData/pdf, copied from py-pdf/sample-files) and bounded reads of it.</summary>
static class PdfTestFiles
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "pdf");

    public const string Minimal = "001-trivial_minimal-document.pdf";
    public const string LibreOffice = "002-trivial-libre-office-writer_002-trivial-libre-office-writer.pdf";
    public const string FourPages = "004-pdflatex-4-pages_pdflatex-4-pages.pdf";
    public const string UserPassword = "005-libreoffice-writer-password_libreoffice-writer-password.pdf";
    public const string Outline = "006-pdflatex-outline_pdflatex-outline.pdf";
    public const string GoogleDoc = "011-google-doc-document_google-doc-document.pdf";
    public const string MistitledOutline = "014-outlines_mistitled_outlines_example.pdf";
    public const string TwoColumns = "026-latex-multicolumn_multicolumn.pdf";
    public const string GeoTopo = "009-pdflatex-geotopo_GeoTopo-komprimiert.pdf";
    public const string OwnerOnlyAes = "004-owner-password-only-aes256.pdf";
    public const string OwnerOnlyRc4 = "001-owner-password-only-rc4.pdf";

    public static string PathOf(string name) => Path.Combine(Folder, name);

    public static Document Read(string name, ReadOptions? options = null) => Bounded(() => DocumentReaders.ReadFile(PathOf(name), options));

    /// <summary>Runs <paramref name="read"/> with a time bound, so that a hang fails the test instead of stalling the run.</summary>
    public static T Bounded<T>(Func<T> read, int seconds = 60)
    {
        var task = Task.Run(read);
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(seconds))) Assert.Fail($"the read did not finish within {seconds} s");
        return task.GetAwaiter().GetResult();   // rethrows the read's own exception, not an AggregateException
    }

    /// <summary>Page counts from the corpus's files.json, keyed by our flattened file name ("folder_name.pdf").</summary>
    public static int ExpectedPages(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(PathOf("files.json")));
        foreach (var entry in json.RootElement.GetProperty("data").EnumerateArray())
        {
            var flat = entry.GetProperty("path").GetString()!.Replace('/', '_');
            if (flat == name) return entry.GetProperty("pages").GetInt32();
        }
        throw new KeyNotFoundException($"{name} is not listed in files.json");
    }
}
