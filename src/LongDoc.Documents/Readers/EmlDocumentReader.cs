using System.Text;
using LongDoc.Documents.Readers.Eml;
using MimeKit;

namespace LongDoc.Documents.Readers;

/// <summary>
/// E-mail messages (.eml, RFC 5322/MIME) with MimeKit. Page 1 is the mail: a level-1 heading with the subject, the
/// From/To/Cc/Date/Subject lines, then the body (the text part, else the HTML part through the HTML reader).
/// Each attachment is read as a document of its own (any format LongDoc reads, attached mails too, up to
/// <see cref="ReadOptions.MaxAttachmentDepth"/> deep) and follows on pages of its own under a level-1 heading
/// "Attachment: NAME", its headings one level down: a citation of it carries that heading in its section path and
/// the page it was given here. An attachment that cannot be read is a warning naming it, never a failed mail.
/// Attachments past the mail's <see cref="MailBudget"/> (count and bytes, attached mails' included) are skipped,
/// with one warning per mail saying how many, which first, and which limit.
/// </summary>
public sealed class EmlDocumentReader : IDocumentReader
{
    public const string AttachmentHeading = "Attachment: ";
    /// <summary>How deep MIME parts may nest inside each other before the mail is refused.</summary>
    const int MaxMimeDepth = 64;

    public DocumentFormat Format => DocumentFormat.Eml;

    public Document Read(ReadOnlyMemory<byte> bytes, string source, ReadOptions options)
    {
        if (bytes.IsEmpty) throw new DocumentReadException(source, "the file is empty (0 bytes)");
        var message = Parse(bytes, source);

        var builder = new DocumentBuilder(bytes.Span, source, Format);
        var subject = string.IsNullOrWhiteSpace(message.Subject) ? "(no subject)" : message.Subject;
        builder.Title = subject;
        builder.AddHeading(1, subject, 1);
        builder.AddParagraph(MailParts.HeaderLines(message), 1);
        try
        {
            if (Body(message, source, options) is { } body) DocumentAppender.Append(builder, body, 0, 1, "body: ");
        }
        catch (DocumentReadException e)
        {
            builder.Warn($"the body was not read: {e.Problem}");
        }

        var budget = options.MailBudget ?? new MailBudget(options.MaxMailAttachments, options.MaxMailAttachmentBytes);
        var skipped = new Dictionary<string, List<string>>();   // the limit passed -> the attachments skipped for it
        foreach (var (name, content) in MailParts.Attachments(message))
        {
            if (budget.Take(content.LongLength) is { } over) Skip(skipped, over, name);
            else Attach(builder, name, content, source, options with { MailBudget = budget });
        }
        foreach (var (over, names) in skipped)
            builder.Warn($"{names.Count:N0} attachments not read, {over}: '{string.Join("', '", names.Take(3))}'" + (names.Count > 3 ? ", ..." : ""));
        return builder.Build();
    }

    static void Skip(Dictionary<string, List<string>> skipped, string over, string name)
    {
        if (!skipped.TryGetValue(over, out var names)) skipped[over] = names = [];
        names.Add(name);
    }

    static MimeMessage Parse(ReadOnlyMemory<byte> bytes, string source)
    {
        try
        {
            using var stream = Docx.ZipGuard.AsStream(WithoutMboxLine(bytes));
            return MimeMessage.Load(new ParserOptions { MaxMimeDepth = MaxMimeDepth }, stream);
        }
        catch (Exception e) when (e is FormatException or ParseException)
        {
            throw new DocumentReadException(source, $"not a readable e-mail message ({e.Message.Split('\n')[0].Trim()})", e);
        }
    }

    /// <summary>The bytes after an mbox "From " separator line, which is not a header.</summary>
    static ReadOnlyMemory<byte> WithoutMboxLine(ReadOnlyMemory<byte> bytes) =>
        bytes.Span.StartsWith("From "u8) && bytes.Span.IndexOf((byte)'\n') is var end and >= 0 ? bytes[(end + 1)..] : bytes;

    // The body read: the text part when the mail has one, else the HTML part.
    static readonly (Func<MimeMessage, string?> Part, IDocumentReader Reader)[] Bodies =
    [
        (m => m.TextBody, new TextDocumentReader()),
        (m => m.HtmlBody, new HtmlDocumentReader()),
    ];

    static Document? Body(MimeMessage message, string source, ReadOptions options)
    {
        foreach (var (part, reader) in Bodies)
            if (part(message) is { } text && !string.IsNullOrWhiteSpace(text))
                return reader.Read(Encoding.UTF8.GetBytes(text), source, options);
        return null;
    }

    static void Attach(DocumentBuilder builder, string name, byte[] content, string source, ReadOptions options)
    {
        int offset = builder.PageCount;
        builder.AddHeading(1, AttachmentHeading + name, offset + 1);
        try
        {
            if (options.AttachmentDepth >= options.MaxAttachmentDepth)
                throw new DocumentReadException($"{source} > {name}", $"attachments nest deeper than {options.MaxAttachmentDepth}");
            var inner = DocumentReaders.Read(content, $"{source} > {name}", options with { AttachmentDepth = options.AttachmentDepth + 1 });
            DocumentAppender.Append(builder, inner, offset, 1, $"attachment '{name}': ");
        }
        catch (DocumentReadException e)
        {
            builder.Warn($"attachment '{name}' not read: {e.Problem}");
        }
    }
}
