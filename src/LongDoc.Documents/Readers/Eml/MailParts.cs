using MimeKit;

namespace LongDoc.Documents.Readers.Eml;

/// <summary>The parts of a mail that LongDoc reads: the header lines shown, and each attachment's name and bytes.</summary>
internal static class MailParts
{
    static readonly (string Name, Func<MimeMessage, string?> Value)[] Shown =
    [
        ("From", m => Addresses(m.From)),
        ("To", m => Addresses(m.To)),
        ("Cc", m => Addresses(m.Cc)),
        ("Date", m => m.Headers[HeaderId.Date]?.Trim()),
        ("Subject", m => m.Subject?.Trim()),
    ];

    /// <summary>"From: ...", "To: ..." lines for the headers the mail has.</summary>
    public static string HeaderLines(MimeMessage message) =>
        string.Join("\n", Shown.Select(h => (h.Name, Value: h.Value(message))).Where(h => !string.IsNullOrEmpty(h.Value)).Select(h => $"{h.Name}: {h.Value}"));

    /// <summary>The attachments in order: a file name (or "attachment N") and the decoded bytes.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Attachments(MimeMessage message)
    {
        int n = 0;
        foreach (var entity in message.Attachments)
        {
            n++;
            using var bytes = new MemoryStream();
            string name;
            if (entity is MessagePart attached && attached.Message is { } inner)
            {
                inner.WriteTo(bytes);
                name = entity.ContentDisposition?.FileName ?? $"{(string.IsNullOrWhiteSpace(inner.Subject) ? $"attachment {n}" : inner.Subject.Trim())}.eml";
            }
            else if (entity is MimePart part && part.Content is { } content)
            {
                content.DecodeTo(bytes);
                name = part.FileName ?? $"attachment {n}";
            }
            else continue;
            yield return (Path.GetFileName(name.Replace('\\', '/')) is { Length: > 0 } file ? file : $"attachment {n}", bytes.ToArray());
        }
    }

    static string? Addresses(InternetAddressList list) => list.Count == 0 ? null : list.ToString();
}
