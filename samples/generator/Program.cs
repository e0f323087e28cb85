using LongDoc.Samples.Generator.Docx;
using LongDoc.Samples.Generator.Facts;
using LongDoc.Samples.Generator.Pdf;

string outDir = args.Length > 0 ? args[0] : "samples";
Directory.CreateDirectory(outDir);
var ledger = new FactLedger();
File.WriteAllBytes(Path.Combine(outDir, ReportPdf.FileName), ReportPdf.Write(ledger));
var docx = MemoDocx.Write(ledger);
DocxVerifier.Verify(docx, ledger.Facts(MemoDocx.FileName), MemoDocx.FileName, 2);
File.WriteAllBytes(Path.Combine(outDir, MemoDocx.FileName), docx);
foreach (var f in ledger.All()) Console.WriteLine($"{f.Page,3} {f.Id,-28} {f.Answer}");
