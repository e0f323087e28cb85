using LongDoc.Samples.Generator.Docx;
using LongDoc.Samples.Generator.Facts;
using LongDoc.Samples.Generator.Output;
using LongDoc.Samples.Generator.Pdf;
using LongDoc.Samples.Generator.Web;

// Usage: dotnet run --project samples/generator -- [output folder, default "samples"]
// Writes the four sample documents, facts.json and README.md; exits non-zero if any fact fails verification.
string outDir = args.Length > 0 ? args[0] : "samples";
Directory.CreateDirectory(outDir);
var ledger = new FactLedger();

var pdf = ReportPdf.Write(ledger);

var docx = MemoDocx.Write(ledger);
DocxVerifier.Verify(docx, ledger.Facts(MemoDocx.FileName), MemoDocx.FileName, minPages: 2);

var faq = FaqMarkdown.Write(ledger);
TextVerifier.Verify(faq, ledger.Facts(FaqMarkdown.FileName), FaqMarkdown.FileName);

var press = PressReleaseHtml.Write(ledger);
TextVerifier.Verify(PressReleaseHtml.VisibleText(press), ledger.Facts(PressReleaseHtml.FileName), PressReleaseHtml.FileName);

var facts = ledger.All();
SampleFile[] files =
[
    new(ReportPdf.FileName, "PDF",
        $"Annual report, {pdf.PageCount} A4 pages: title and contents pages, numbered chapter (level 1) and section (level 2) headings " +
        $"in larger bold sans-serif, Times body text, running header and \"Page N of M\" footer on every page but the first, " +
        $"document title metadata and a two-level outline (bookmarks). One table with a header row (page {string.Join(", ", pdf.TablePages)}). " +
        $"One page in two columns (page {string.Join(", ", pdf.TwoColumnPages)}) whose lines sit side by side across a narrow gutter and are written " +
        $"to the content stream row by row, so content order and naive top-to-bottom, left-to-right order both interleave the columns."),
    new(MemoDocx.FileName, "DOCX",
        "Logistics memorandum: Title, Heading1 and Heading2 paragraph styles, a numbered list, a footnote, a table with a header row, " +
        "and an explicit page break before an appendix (2 pages)."),
    new(FaqMarkdown.FileName, "Markdown", "Visitor FAQ: ATX headings, a numbered and a bulleted list, a pipe table, emphasis."),
    new(PressReleaseHtml.FileName, "HTML",
        "Press release: site header, navigation and footer around an `<article>` with h1/h2 headings, a list and a table with a caption."),
];

File.WriteAllBytes(Path.Combine(outDir, ReportPdf.FileName), pdf.Bytes);
File.WriteAllBytes(Path.Combine(outDir, MemoDocx.FileName), docx);
File.WriteAllText(Path.Combine(outDir, FaqMarkdown.FileName), faq);
File.WriteAllText(Path.Combine(outDir, PressReleaseHtml.FileName), press);
File.WriteAllText(Path.Combine(outDir, FactsJson.FileName), FactsJson.Write(facts));
File.WriteAllText(Path.Combine(outDir, ReadmeWriter.FileName), ReadmeWriter.Write(files, facts));
Console.WriteLine($"wrote {files.Length} documents, {facts.Count} facts to {Path.GetFullPath(outDir)}");
