using System.Text;
using LongDoc.Documents.Readers;
using MimeKit;
using static LongDoc.Documents.Tests.Readers.OfficeTestPackages;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>E-mail: headers, body (text or HTML), attachments read as documents of their own and cited by name.</summary>
public class EmlDocumentReaderTests
{
    static MimeMessage Mail(string subject, MimeEntity body)
    {
        var m = new MimeMessage { Subject = subject, Body = body, Date = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.FromHours(1)) };
        m.From.Add(new MailboxAddress("Ada Lovelace", "ada@example.org"));
        m.To.Add(new MailboxAddress("Team", "team@example.org"));
        return m;
    }

    static byte[] Bytes(MimeMessage m) { using var ms = new MemoryStream(); m.WriteTo(ms); return ms.ToArray(); }

    static MimePart Attachment(string name, byte[] content, string type = "application/octet-stream") =>
        new(type) { Content = new MimeContent(new MemoryStream(content)), ContentDisposition = new ContentDisposition(ContentDisposition.Attachment), ContentTransferEncoding = ContentEncoding.Base64, FileName = name };

    static Document Read(MimeMessage m) => DocumentReaders.Read(Bytes(m), "mail.eml");

    [Fact]
    public void Eml_PlainMail_SubjectHeadingHeaderLinesAndBodyOnPageOne()
    {
        var doc = Read(Mail("Budget 2026", new TextPart("plain") { Text = "Hello team,\n\nthe budget is 1.2 million.\n" }));
        Assert.Equal(DocumentFormat.Eml, doc.Format);
        Assert.Equal("Budget 2026", doc.Title);
        Assert.Equal((BlockKind.Heading, "Budget 2026"), (doc.Blocks[0].Kind, doc.Blocks[0].Text));
        var headers = doc.Blocks[1].Text.Split('\n');
        Assert.Equal("From: \"Ada Lovelace\" <ada@example.org>", headers[0]);
        Assert.Equal("To: \"Team\" <team@example.org>", headers[1]);
        Assert.StartsWith("Date: Mon, 02 Mar 2026 09:30:00 +0100", headers[2]);
        Assert.Equal("Subject: Budget 2026", headers[3]);
        Assert.Equal(["Hello team,", "the budget is 1.2 million."], doc.Blocks.Skip(2).Select(b => b.Text));
        Assert.All(doc.Blocks, b => Assert.Equal([1], b.Pages));
        AssertSpans(doc);
    }

    [Fact]
    public void Eml_HtmlOnlyBody_ReadThroughTheHtmlReaderHeadingsOneLevelDown()
    {
        var doc = Read(Mail("News", new TextPart("html") { Text = "<html><body><h1>Launch</h1><p>We ship on Friday.</p></body></html>" }));
        var launch = doc.Blocks.Single(b => b.Text == "Launch");
        Assert.Equal((BlockKind.Heading, 2), (launch.Kind, launch.Level));
        Assert.Equal(["News", "Launch"], doc.Blocks.Single(b => b.Text == "We ship on Friday.").Section);
    }

    [Fact]
    public void Eml_Attachments_ReadAsDocumentsOnPagesOfTheirOwnUnderAttachmentHeadings()
    {
        var deck = Pptx(new Slide(Title("Plan")), new Slide(Title("Risks") + TextBox("Supplier delay", 600_000, 2_000_000)));
        var book = Xlsx(["Item", "Cost"], new Sheet("Costs", Row(1, "A1=s:0", "B1=s:1") + Row(2, "A2=i:Server", "B2=n:900")));
        var body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "See attached." },
            Attachment("plan.pptx", deck),
            Attachment("costs.xlsx", book),
        };
        var doc = Read(Mail("Project", body));
        Assert.Equal(1 + 2 + 1, doc.PageCount);
        Assert.Equal([("Attachment: plan.pptx", 2), ("Attachment: costs.xlsx", 4)],
            doc.Blocks.Where(b => b.Kind == BlockKind.Heading && b.Level == 1 && b.Text.StartsWith("Attachment")).Select(b => (b.Text, b.FirstPage)));
        var delay = doc.Blocks.Single(b => b.Text == "Supplier delay");
        Assert.Equal(["Attachment: plan.pptx", "Risks"], delay.Section);
        Assert.Equal(3, delay.FirstPage);
        var cost = doc.Blocks.Single(b => b.Kind == BlockKind.Table);
        Assert.Equal(["Attachment: costs.xlsx", "Costs"], cost.Section);
        Assert.Equal([["Item", "Cost"], ["Server", "900"]], cost.Rows);
        AssertSpans(doc);
    }

    [Fact]
    public void Eml_RealDocxAttachment_ReadWithItsStructure()
    {
        var body = new Multipart("mixed") { new TextPart("plain") { Text = "The contract." }, Attachment("styles.docx", Data("docx", "par-known-styles.docx")) };
        var doc = Read(Mail("Contract", body));
        var heading = doc.Blocks.Single(b => b.Text == "Heading 1");
        Assert.Equal(2, heading.Level);
        Assert.Equal(["Attachment: styles.docx"], heading.Section);
    }

    [Fact]
    public void Eml_UnreadableAttachment_WarningNamesItAndTheMailStillReads()
    {
        var body = new Multipart("mixed") { new TextPart("plain") { Text = "Binary inside." }, Attachment("blob.bin", [0, 1, 2, 3, 0, 0, 7]) };
        var doc = Read(Mail("Blob", body));
        Assert.Contains(doc.Blocks, b => b.Text == "Binary inside.");
        Assert.Contains(doc.Warnings, w => w.StartsWith("attachment 'blob.bin' not read: binary content"));
    }

    [Fact]
    public void Eml_AttachedMail_ReadInsideAndNestingBoundedByDepth()
    {
        MimeMessage Nest(int depth) => depth == 0
            ? Mail("innermost", new TextPart("plain") { Text = "core fact" })
            : Mail($"level {depth}", new Multipart("mixed") { new TextPart("plain") { Text = $"wrapper {depth}" }, new MessagePart { Message = Nest(depth - 1), ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) } });
        var shallow = Read(Nest(2));
        Assert.Contains(shallow.Blocks, b => b.Text == "core fact");
        var deep = Read(Nest(6));
        Assert.DoesNotContain(deep.Blocks, b => b.Text == "core fact");
        Assert.Contains(deep.Warnings, w => w.Contains("nest deeper than 3"));
    }

    static Multipart Tiny(string prefix, int count)
    {
        var body = new Multipart("mixed") { new TextPart("plain") { Text = "the body" } };
        for (int i = 0; i < count; i++) body.Add(Attachment($"{prefix}{i}.txt", Encoding.ASCII.GetBytes($"{prefix} fact {i}"), "text/plain"));
        return body;
    }

    static int AttachmentsRead(Document doc) => doc.Blocks.Count(b => b.Text.StartsWith(EmlDocumentReader.AttachmentHeading, StringComparison.Ordinal));

    [Fact]
    public void Eml_TenThousandTinyAttachments_FirstThousandReadRestSkippedWithOneWarning()
    {
        var doc = Bounded(() => Read(Mail("Flood", Tiny("a", 10_000))), seconds: 60);
        Assert.Equal(1_000, AttachmentsRead(doc));
        Assert.Contains(doc.Blocks, b => b.Text == "a fact 999");
        Assert.DoesNotContain(doc.Blocks, b => b.Text == "a fact 1000");
        var warning = Assert.Single(doc.Warnings, w => w.Contains("not read"));
        Assert.Contains("9,000 attachments not read, over the limit of 1,000 attachments per mail", warning);
        Assert.Contains("'a1000.txt', 'a1001.txt', 'a1002.txt', ...", warning);
    }

    [Fact]
    public void Eml_AttachmentsOverTheByteLimit_ThoseThatFitRead()
    {
        var body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "the body" },
            Attachment("big.txt", new byte[600_000].Select(_ => (byte)'b').ToArray(), "text/plain"),
            Attachment("huge.txt", new byte[600_000].Select(_ => (byte)'h').ToArray(), "text/plain"),
            Attachment("small.txt", Encoding.ASCII.GetBytes("small fact"), "text/plain"),
        };
        var doc = DocumentReaders.Read(Bytes(Mail("Sizes", body)), "mail.eml", new ReadOptions { MaxMailAttachmentBytes = 1L << 20 });
        Assert.Contains(doc.Blocks, b => b.Text == EmlDocumentReader.AttachmentHeading + "big.txt");
        Assert.DoesNotContain(doc.Blocks, b => b.Text == EmlDocumentReader.AttachmentHeading + "huge.txt");
        Assert.Contains(doc.Blocks, b => b.Text == "small fact");
        Assert.Contains(doc.Warnings, w => w.Contains("1 attachments not read, over the limit of 1 MiB of attachments per mail") && w.Contains("'huge.txt'"));
    }

    [Fact]
    public void Eml_AttachedMails_ShareTheOuterMailsBudget()
    {
        var body = new Multipart("mixed") { new TextPart("plain") { Text = "outer" } };
        for (int i = 0; i < 3; i++)
            body.Add(new MessagePart { Message = Mail($"inner {i}", Tiny($"m{i}x", 3)), ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) });
        var doc = DocumentReaders.Read(Bytes(Mail("Outer", body)), "mail.eml", new ReadOptions { MaxMailAttachments = 5 });
        // Depth first: inner 0 (1) and its three (4), inner 1 (5); inner 1's own and inner 2 are skipped.
        Assert.Equal(5, AttachmentsRead(doc));
        Assert.Contains(doc.Blocks, b => b.Text == "m0x fact 2");
        Assert.DoesNotContain(doc.Blocks, b => b.Text == "m1x fact 0");
        Assert.Contains(doc.Warnings, w => w.StartsWith("attachment 'inner 1.eml': 3 attachments not read, over the limit of 5 attachments", StringComparison.Ordinal));
        Assert.Contains(doc.Warnings, w => w.StartsWith("1 attachments not read, over the limit of 5 attachments", StringComparison.Ordinal) && w.Contains("'inner 2.eml'"));
    }

    [Fact]
    public void Eml_MailsAttachedHundredsDeep_ReadToTheDepthLimitAndWarned()
    {
        var mail = Mail("innermost", new TextPart("plain") { Text = "core fact" });
        for (int depth = 1; depth <= 300; depth++)
            mail = Mail($"level {depth}", new Multipart("mixed") { new TextPart("plain") { Text = $"wrapper {depth}" }, new MessagePart { Message = mail, ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) } });
        var doc = Bounded(() => Read(mail), seconds: 60);
        Assert.Contains(doc.Blocks, b => b.Text == "wrapper 298");
        Assert.DoesNotContain(doc.Blocks, b => b.Text == "core fact");
        Assert.Contains(doc.Warnings, w => w.Contains("nest deeper than 3"));
    }

    [Fact]
    public void Eml_MultipartsNestedThousandsDeep_ReadWithoutCrash()
    {
        var mail = new StringBuilder("From: a@example.org\r\nSubject: deep\r\nMIME-Version: 1.0\r\n");
        for (int i = 0; i < 5_000; i++) mail.Append($"Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n");
        mail.Append("Content-Type: text/plain\r\n\r\nbottom\r\n");
        var outcome = Bounded(() => Record.Exception(() => DocumentReaders.Read(Encoding.ASCII.GetBytes(mail.ToString()), "deep.eml")));
        Assert.True(outcome is null or DocumentReadException, $"unexpected {outcome?.GetType().Name}");
    }

    [Fact]
    public void Eml_TruncatedInsideABase64Attachment_MailReadAttachmentWarned()
    {
        var body = new Multipart("mixed") { new TextPart("plain") { Text = "Report attached." }, Attachment("report.docx", Data("docx", "par-known-styles.docx")) };
        var bytes = Bytes(Mail("Cut", body));
        var doc = Bounded(() => DocumentReaders.Read(bytes[..(bytes.Length * 2 / 3)], "cut.eml"));
        Assert.Contains(doc.Blocks, b => b.Text == "Report attached.");
        Assert.Contains(doc.Warnings, w => w.StartsWith("attachment 'report.docx' not read:"));
    }

    [Fact]
    public void Eml_BinaryNamedEml_ClearErrorNamingTheFile()
    {
        var e = Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(new byte[] { 0, 1, 2, 3, 4, 0, 0, 9 }, "junk.eml"));
        Assert.Equal("junk.eml", e.File);
        Assert.Contains("binary", e.Problem);
    }

    [Fact]
    public void Eml_SavedWithMboxFromLine_SniffedAndHeadersRead()
    {
        var bytes = Encoding.ASCII.GetBytes("From - Mon Dec 07 10:00:00 2026\r\n").Concat(Bytes(Mail("Saved", new TextPart("plain") { Text = "kept" }))).ToArray();
        Assert.Equal(DocumentFormat.Eml, FormatSniffer.Sniff(bytes, "saved", out _));
        var doc = DocumentReaders.Read(bytes, "saved.eml");
        Assert.Equal("Saved", doc.Title);
        Assert.StartsWith("From: \"Ada Lovelace\"", doc.Blocks[1].Text);
    }

    [Fact]
    public void Eml_HtmlBodyTooDeeplyNested_WarnedAndAttachmentsStillRead()
    {
        var deep = string.Concat(Enumerable.Repeat("<div>", HtmlDocumentReader.MaxNesting + 10)) + "x";
        var body = new Multipart("mixed") { new TextPart("html") { Text = $"<html><body>{deep}</body></html>" }, Attachment("notes.txt", "kept attachment"u8.ToArray()) };
        var doc = Bounded(() => Read(Mail("Deep", body)));
        Assert.Contains(doc.Warnings, w => w.StartsWith("the body was not read:"));
        Assert.Contains(doc.Blocks, b => b.Text == "kept attachment");
    }

    [Fact]
    public void Eml_SniffedByHeadersWithoutExtension()
    {
        var bytes = Bytes(Mail("No name", new TextPart("plain") { Text = "body" }));
        Assert.Equal(DocumentFormat.Eml, FormatSniffer.Sniff(bytes, "download", out _));
        Assert.Equal(DocumentFormat.Text, FormatSniffer.Sniff("Subject: only one header line\n\nand text"u8, "notes.txt", out _));
    }
}
